using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QualityBonus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_bonus_periods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_bonus_periods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_bonus_rows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PeriodId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    RevieweeId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Agent = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    CriticalFails = table.Column<int>(type: "integer", nullable: false),
                    BonusPercent = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_bonus_rows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_bonus_rows_quality_bonus_periods_PeriodId",
                        column: x => x.PeriodId,
                        principalTable: "quality_bonus_periods",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_quality_bonus_periods_Period",
                table: "quality_bonus_periods",
                column: "Period",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_bonus_rows_PeriodId_Position",
                table: "quality_bonus_rows",
                columns: new[] { "PeriodId", "Position" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_bonus_rows");

            migrationBuilder.DropTable(
                name: "quality_bonus_periods");
        }
    }
}
