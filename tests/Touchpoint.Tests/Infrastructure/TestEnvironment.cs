namespace Touchpoint.Tests.Infrastructure;

/// <summary>
/// Servers the tests need, as started by ./test.sh. On a developer's machine a missing server skips the
/// test with a message; with CI=true it fails, so a broken CI set-up can never look green.
/// </summary>
public static class TestEnvironment
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Postgres => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_PG");

    public static string? SmtpHost => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_SMTP_HOST");

    public static int SmtpPort => int.TryParse(Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_SMTP_PORT"), out var p) ? p : 25;

    public static string? ImapHost => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_IMAP_HOST");

    public static int ImapPort => int.TryParse(Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_IMAP_PORT"), out var p) ? p : 143;

    public static string ImapUser => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_IMAP_USER") ?? "mailtest";

    public static string ImapPassword => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_IMAP_PASSWORD") ?? "mailtest";

    public static string MailTo => Environment.GetEnvironmentVariable("TOUCHPOINT_TEST_MAIL_TO") ?? "mailtest@localhost";

    /// <summary>The support mailbox Touchpoint reads, and a customer's mailbox (users made by ./test.sh; password = name).</summary>
    public const string SupportUser = "mailsupport";
    public const string CustomerUser = "mailcust";

    /// <summary>Skips (developer machine) or fails (CI) when <paramref name="value"/> is missing.</summary>
    public static string Require(string? value, string what, string install)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            return value;
        }
        var message = $"{what} is not available. Run ./test.sh (it installs and starts it: {install}).";
        if (IsCi)
        {
            Assert.Fail(message);
        }
        Assert.Skip(message);
        return "";
    }

    public static string RequirePostgres() => Require(Postgres, "PostgreSQL (TOUCHPOINT_TEST_PG)", "apt-get install postgresql");

    public static string RequireSmtp() => Require(SmtpHost, "An SMTP server (TOUCHPOINT_TEST_SMTP_HOST)", "apt-get install postfix");

    public static string RequireImap() => Require(ImapHost, "An IMAP server (TOUCHPOINT_TEST_IMAP_HOST)", "apt-get install dovecot-imapd");
}
