using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Feedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "survey_answer_facts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurveyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Touchpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstAnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HasComment = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_survey_answer_facts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Touchpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SkipReason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Value = table.Column<int>(type: "INTEGER", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Revision = table.Column<int>(type: "INTEGER", nullable: false),
                    ComplaintNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_survey_answer_facts_Kind_FirstAnsweredAt",
                table: "survey_answer_facts",
                columns: new[] { "Kind", "FirstAnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_survey_answer_facts_SurveyId_Revision",
                table: "survey_answer_facts",
                columns: new[] { "SurveyId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_ConversationId",
                table: "surveys",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_surveys_CustomerId_SentAt",
                table: "surveys",
                columns: new[] { "CustomerId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_OrderId",
                table: "surveys",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_surveys_State_DueAt",
                table: "surveys",
                columns: new[] { "State", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "survey_answer_facts");

            migrationBuilder.DropTable(
                name: "surveys");
        }
    }
}
