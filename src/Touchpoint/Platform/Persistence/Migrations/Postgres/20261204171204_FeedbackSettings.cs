using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
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
                    Id = table.Column<int>(type: "integer", nullable: false),
                    CsatDelayMinutes = table.Column<int>(type: "integer", nullable: false),
                    QuietDays = table.Column<int>(type: "integer", nullable: false),
                    MaxPerHour = table.Column<int>(type: "integer", nullable: false),
                    NpsAfterDeliveryDays = table.Column<int>(type: "integer", nullable: false),
                    AnswerWindowDays = table.Column<int>(type: "integer", nullable: false),
                    LoyalAfterMonths = table.Column<int>(type: "integer", nullable: false),
                    NpsEveryMonthsLoyal = table.Column<int>(type: "integer", nullable: false),
                    NpsEveryMonths = table.Column<int>(type: "integer", nullable: false),
                    SupportSurvey = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RelationshipEveryMonths = table.Column<int>(type: "integer", nullable: true),
                    PromoterReviewUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Benchmarks = table.Column<string>(type: "text", nullable: false),
                    Texts = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
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
