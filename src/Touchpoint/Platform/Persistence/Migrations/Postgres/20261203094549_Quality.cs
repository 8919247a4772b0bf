using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Touchpoint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Criteria = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_scorecards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScorecardId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScorecardKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ScorecardVersion = table.Column<int>(type: "integer", nullable: false),
                    Touchpoint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ConversationNumber = table.Column<long>(type: "bigint", nullable: true),
                    OrderNumber = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RevieweeId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RevieweeEmail = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Reviewer = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    CriticalFailed = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    Criterion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Normalised = table.Column<double>(type: "double precision", nullable: true),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
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
