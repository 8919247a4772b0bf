using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Sla : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "SlaCheckAt",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SlaDueAt",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SlaState",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sla_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_alerts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sla_calendars",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Week = table.Column<string>(type: "TEXT", nullable: false),
                    Holidays = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_calendars", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "sla_daily",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Dimension = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GoalSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Achieved = table.Column<int>(type: "INTEGER", nullable: false),
                    Breached = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false),
                    Histogram = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_daily", x => new { x.Dimension, x.Day, x.Target, x.Value, x.GoalSeconds });
                });

            migrationBuilder.CreateTable(
                name: "sla_marks",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ThroughDay = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_marks", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "sla_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Cycle = table.Column<int>(type: "INTEGER", nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AssigneeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    GoalSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    Achieved = table.Column<bool>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActualSeconds = table.Column<long>(type: "INTEGER", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_outcomes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Conditions = table.Column<string>(type: "TEXT", nullable: false),
                    Targets = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sla_policies", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_AssigneeId_SlaDueAt",
                table: "conversations",
                columns: new[] { "AssigneeId", "SlaDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_SlaCheckAt",
                table: "conversations",
                column: "SlaCheckAt");

            migrationBuilder.CreateIndex(
                name: "IX_conversations_Status_SlaDueAt",
                table: "conversations",
                columns: new[] { "Status", "SlaDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_sla_alerts_ConversationId_Target_Cycle_Kind",
                table: "sla_alerts",
                columns: new[] { "ConversationId", "Target", "Cycle", "Kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sla_alerts_CreatedAt",
                table: "sla_alerts",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sla_alerts_Number",
                table: "sla_alerts",
                column: "Number");

            migrationBuilder.CreateIndex(
                name: "IX_sla_outcomes_CompletedAt",
                table: "sla_outcomes",
                column: "CompletedAt");

            migrationBuilder.CreateIndex(
                name: "IX_sla_outcomes_ConversationId_Target_Cycle",
                table: "sla_outcomes",
                columns: new[] { "ConversationId", "Target", "Cycle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sla_outcomes_DecidedAt",
                table: "sla_outcomes",
                column: "DecidedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sla_alerts");

            migrationBuilder.DropTable(
                name: "sla_calendars");

            migrationBuilder.DropTable(
                name: "sla_daily");

            migrationBuilder.DropTable(
                name: "sla_marks");

            migrationBuilder.DropTable(
                name: "sla_outcomes");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropIndex(
                name: "IX_conversations_AssigneeId_SlaDueAt",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "IX_conversations_SlaCheckAt",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "IX_conversations_Status_SlaDueAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "SlaCheckAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "SlaDueAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "SlaState",
                table: "conversations");
        }
    }
}
