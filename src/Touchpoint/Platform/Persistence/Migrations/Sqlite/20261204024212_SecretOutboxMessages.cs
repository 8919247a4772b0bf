using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Touchpoint.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SecretOutboxMessages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Secret",
                table: "outbox_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Secret",
                table: "outbox_messages");
        }
    }
}
