using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SalesScripts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_script_ticks",
                columns: table => new
                {
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Script = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Asked = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_script_ticks", x => new { x.ConversationNumber, x.Script, x.Question });
                });

            migrationBuilder.CreateTable(
                name: "sales_scripts",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Questions = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sales_scripts", x => x.Key);
                    table.ForeignKey(
                        name: "FK_sales_scripts_topics_Topic",
                        column: x => x.Topic,
                        principalTable: "topics",
                        principalColumn: "Key",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_sales_scripts_Topic",
                table: "sales_scripts",
                column: "Topic");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_script_ticks");

            migrationBuilder.DropTable(
                name: "sales_scripts");
        }
    }
}
