using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Search : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_conversations",
                columns: table => new
                {
                    rowid = table.Column<long>(type: "bigint", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_conversations", x => x.rowid);
                });

            // The language-aware tsvector (generated), its GIN index and the touchpoint_simple configuration (see SearchSql).
            migrationBuilder.Sql(Touchpoint.Features.Search.SearchSql.PostgresCreate);

            migrationBuilder.CreateTable(
                name: "search_customer_terms",
                columns: table => new
                {
                    Term = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_customer_terms", x => new { x.Term, x.CustomerId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_orders_TrackingNumber",
                table: "orders",
                column: "TrackingNumber");

            migrationBuilder.CreateIndex(
                name: "IX_search_customer_terms_CustomerId",
                table: "search_customer_terms",
                column: "CustomerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_conversations");

            migrationBuilder.Sql(Touchpoint.Features.Search.SearchSql.PostgresDrop);

            migrationBuilder.DropTable(
                name: "search_customer_terms");

            migrationBuilder.DropIndex(
                name: "IX_orders_TrackingNumber",
                table: "orders");
        }
    }
}
