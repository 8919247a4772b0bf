using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Phone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "phone_calls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CallId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    From = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    To = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    AgentId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    DurationSeconds = table.Column<int>(type: "integer", nullable: true),
                    RecordingUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    VoicemailUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Rang = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    RingTargets = table.Column<int>(type: "integer", nullable: true),
                    ConversationNumber = table.Column<long>(type: "bigint", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phone_calls", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_phone_calls_CallId",
                table: "phone_calls",
                column: "CallId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_phone_calls_CustomerId_StartedAt",
                table: "phone_calls",
                columns: new[] { "CustomerId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_phone_calls_StartedAt",
                table: "phone_calls",
                column: "StartedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "phone_calls");
        }
    }
}
