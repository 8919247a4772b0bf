using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QualityAudits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AuditId",
                table: "quality_reviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "quality_audit_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Touchpoint = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scorecard = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Scenarios = table.Column<string>(type: "TEXT", nullable: false),
                    PerMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Per = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    People = table.Column<string>(type: "TEXT", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_audit_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_audit_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Slot = table.Column<int>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AuditorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuditorEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    EmployeeId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    EmployeeEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    ScheduledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AuditId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DoneAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_audit_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_audit_tasks_quality_audit_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "quality_audit_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_audits",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PlanKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scenario = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Employees = table.Column<string>(type: "TEXT", nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    RecordingUrl = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConversationNumber = table.Column<long>(type: "INTEGER", nullable: true),
                    OrderNumber = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reviews = table.Column<string>(type: "TEXT", nullable: false),
                    AuditorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Auditor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_audits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_audits_quality_audit_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "quality_audit_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "quality_audit_evidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuditId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    StoredName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    UploadedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_audit_evidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_audit_evidence_quality_audits_AuditId",
                        column: x => x.AuditId,
                        principalTable: "quality_audits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_AuditId",
                table: "quality_reviews",
                column: "AuditId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_audit_evidence_AuditId_Number",
                table: "quality_audit_evidence",
                columns: new[] { "AuditId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_audit_plans_Key",
                table: "quality_audit_plans",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_audit_tasks_AuditorId_DueAt",
                table: "quality_audit_tasks",
                columns: new[] { "AuditorId", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_audit_tasks_PlanId_Month_Slot",
                table: "quality_audit_tasks",
                columns: new[] { "PlanId", "Month", "Slot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_audits_PlanId_CreatedAt",
                table: "quality_audits",
                columns: new[] { "PlanId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_audits_TaskId",
                table: "quality_audits",
                column: "TaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_audit_evidence");

            migrationBuilder.DropTable(
                name: "quality_audit_tasks");

            migrationBuilder.DropTable(
                name: "quality_audits");

            migrationBuilder.DropTable(
                name: "quality_audit_plans");

            migrationBuilder.DropIndex(
                name: "IX_quality_reviews_AuditId",
                table: "quality_reviews");

            migrationBuilder.DropColumn(
                name: "AuditId",
                table: "quality_reviews");
        }
    }
}
