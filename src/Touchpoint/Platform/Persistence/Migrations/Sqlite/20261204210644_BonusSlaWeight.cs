using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class BonusSlaWeight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "QaScore",
                table: "quality_bonus_rows",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            // Months approved before the SLA blend were scored on the QA score alone: that is their QA score.
            migrationBuilder.Sql("UPDATE quality_bonus_rows SET \"QaScore\" = \"Score\";");

            migrationBuilder.AddColumn<double>(
                name: "SlaCompliance",
                table: "quality_bonus_rows",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SlaWeight",
                table: "quality_bonus_periods",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.CreateTable(
                name: "quality_bonus_rules",
                columns: table => new
                {
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    SlaWeight = table.Column<double>(type: "REAL", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_bonus_rules", x => x.Period);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_bonus_rules");

            migrationBuilder.DropColumn(
                name: "QaScore",
                table: "quality_bonus_rows");

            migrationBuilder.DropColumn(
                name: "SlaCompliance",
                table: "quality_bonus_rows");

            migrationBuilder.DropColumn(
                name: "SlaWeight",
                table: "quality_bonus_periods");
        }
    }
}
