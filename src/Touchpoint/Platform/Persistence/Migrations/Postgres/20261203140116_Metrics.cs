using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Metrics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "fcr_daily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Agent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Topic = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Resolved = table.Column<int>(type: "integer", nullable: false),
                    Repeats = table.Column<int>(type: "integer", nullable: false),
                    OneTouch = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_fcr_daily", x => new { x.Day, x.Agent, x.Channel, x.Topic });
                });

            migrationBuilder.CreateTable(
                name: "repeat_contacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EarlierId = table.Column<Guid>(type: "uuid", nullable: false),
                    EarlierNumber = table.Column<long>(type: "bigint", nullable: false),
                    LaterId = table.Column<Guid>(type: "uuid", nullable: false),
                    LaterNumber = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repeat_contacts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reporting_marks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ThroughDay = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reporting_marks", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_ConversationNumber",
                table: "surveys",
                column: "ConversationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_repeat_contacts_EarlierId_LaterId",
                table: "repeat_contacts",
                columns: new[] { "EarlierId", "LaterId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_repeat_contacts_EarlierNumber",
                table: "repeat_contacts",
                column: "EarlierNumber");

            migrationBuilder.CreateIndex(
                name: "IX_repeat_contacts_LaterNumber",
                table: "repeat_contacts",
                column: "LaterNumber");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "fcr_daily");

            migrationBuilder.DropTable(
                name: "repeat_contacts");

            migrationBuilder.DropTable(
                name: "reporting_marks");

            migrationBuilder.DropIndex(
                name: "IX_surveys_ConversationNumber",
                table: "surveys");
        }
    }
}
