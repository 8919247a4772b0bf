using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QualityAssignments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_assignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Cadence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Goal = table.Column<int>(type: "INTEGER", nullable: false),
                    Scorecard = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Rules = table.Column<string>(type: "TEXT", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_calibrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ScorecardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScorecardKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScorecardVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Conversations = table.Column<string>(type: "TEXT", nullable: false),
                    Reviewers = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_calibrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CycleStart = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RevieweeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RevieweeEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReviewerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReviewerEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    DrawnAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_samples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_samples_quality_assignments_AssignmentId",
                        column: x => x.AssignmentId,
                        principalTable: "quality_assignments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_calibration_scores",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: false),
                    Reviewer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    CriticalFailed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Answers = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_calibration_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_calibration_scores_quality_calibrations_SessionId",
                        column: x => x.SessionId,
                        principalTable: "quality_calibrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_quality_assignments_Key",
                table: "quality_assignments",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_calibration_scores_SessionId_ConversationNumber_Reviewer",
                table: "quality_calibration_scores",
                columns: new[] { "SessionId", "ConversationNumber", "Reviewer" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_calibrations_CreatedAt",
                table: "quality_calibrations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_AssignmentId_CycleStart_ConversationNumber",
                table: "quality_samples",
                columns: new[] { "AssignmentId", "CycleStart", "ConversationNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_ReviewerId_CycleStart",
                table: "quality_samples",
                columns: new[] { "ReviewerId", "CycleStart" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_calibration_scores");

            migrationBuilder.DropTable(
                name: "quality_samples");

            migrationBuilder.DropTable(
                name: "quality_calibrations");

            migrationBuilder.DropTable(
                name: "quality_assignments");
        }
    }
}
