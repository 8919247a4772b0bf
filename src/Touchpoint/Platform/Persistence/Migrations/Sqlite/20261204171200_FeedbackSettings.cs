using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FeedbackSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feedback_settings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    CsatDelayMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    QuietDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxPerHour = table.Column<int>(type: "INTEGER", nullable: false),
                    NpsAfterDeliveryDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AnswerWindowDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LoyalAfterMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    NpsEveryMonthsLoyal = table.Column<int>(type: "INTEGER", nullable: false),
                    NpsEveryMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    SupportSurvey = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RelationshipEveryMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    PromoterReviewUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Benchmarks = table.Column<string>(type: "TEXT", nullable: false),
                    Texts = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feedback_settings", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "feedback_settings");
        }
    }
}
