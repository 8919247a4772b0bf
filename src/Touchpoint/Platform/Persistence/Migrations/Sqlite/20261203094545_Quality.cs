using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Quality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quality_scorecards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Touchpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Criteria = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_scorecards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScorecardId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScorecardKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ScorecardVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Touchpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RevieweeId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RevieweeEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Reviewer = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    CriticalFailed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_reviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_reviews_quality_scorecards_ScorecardId",
                        column: x => x.ScorecardId,
                        principalTable: "quality_scorecards",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "quality_review_answers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Criterion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Normalised = table.Column<double>(type: "REAL", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_review_answers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_review_answers_quality_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "quality_reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_quality_review_answers_ReviewId_Criterion",
                table: "quality_review_answers",
                columns: new[] { "ReviewId", "Criterion" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_ConversationNumber",
                table: "quality_reviews",
                column: "ConversationNumber");

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_CreatedAt_RevieweeId",
                table: "quality_reviews",
                columns: new[] { "CreatedAt", "RevieweeId" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_RevieweeId_CreatedAt",
                table: "quality_reviews",
                columns: new[] { "RevieweeId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_ScorecardId",
                table: "quality_reviews",
                column: "ScorecardId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_Touchpoint_CreatedAt",
                table: "quality_reviews",
                columns: new[] { "Touchpoint", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_scorecards_Key_Version",
                table: "quality_scorecards",
                columns: new[] { "Key", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_review_answers");

            migrationBuilder.DropTable(
                name: "quality_reviews");

            migrationBuilder.DropTable(
                name: "quality_scorecards");
        }
    }
}
