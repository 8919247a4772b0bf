using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Cadence = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Goal = table.Column<int>(type: "integer", nullable: false),
                    Scorecard = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Rules = table.Column<string>(type: "text", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_calibrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ScorecardId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScorecardKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ScorecardVersion = table.Column<int>(type: "integer", nullable: false),
                    Conversations = table.Column<string>(type: "text", nullable: false),
                    Reviewers = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_calibrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    CycleStart = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConversationNumber = table.Column<long>(type: "bigint", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RevieweeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RevieweeEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ReviewerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ReviewerEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    DrawnAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationNumber = table.Column<long>(type: "bigint", nullable: false),
                    Reviewer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    CriticalFailed = table.Column<bool>(type: "boolean", nullable: false),
                    Answers = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "IX_quality_calibration_scores_SessionId_ConversationNumber_Rev~",
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
