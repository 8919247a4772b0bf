using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Touchpoint.Features.Channels.Email;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Channels.Email;

/// <summary>Each mailbox's reader reports as a worker: its last read and last error, and <c>/healthz</c> "jobs" names a stalled one.</summary>
[Collection(nameof(SupportMailbox))]
public sealed class MailboxHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reader_that_cannot_reach_its_server_is_reported_stalled_while_a_working_one_reports_its_last_read()
    {
        var host = TestEnvironment.RequireImap();
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        await using var app = new TouchpointApp()
            .With("Touchpoint:Email:RunReaders", "true")
            .With("Touchpoint:Mailboxes:support:Address", TestEnvironment.SupportUser + "@localhost")
            .With("Touchpoint:Mailboxes:support:Imap:Host", host)
            .With("Touchpoint:Mailboxes:support:Imap:Port", TestEnvironment.ImapPort.ToString(CultureInfo.InvariantCulture))
            .With("Touchpoint:Mailboxes:support:Imap:Security", "None")
            .With("Touchpoint:Mailboxes:support:Imap:UserName", TestEnvironment.SupportUser)
            .With("Touchpoint:Mailboxes:support:Imap:Password", TestEnvironment.SupportUser)
            .With("Touchpoint:Mailboxes:broken:Address", "broken@localhost")
            .With("Touchpoint:Mailboxes:broken:Imap:Host", "127.0.0.1")
            .With("Touchpoint:Mailboxes:broken:Imap:Port", closed.ToString(CultureInfo.InvariantCulture))
            .With("Touchpoint:Mailboxes:broken:Imap:Security", "None");
        await app.InitializeAsync();
        var readers = app.Get<ImapReaderService>();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !(Status("imap:support")?.LastSuccessAt is not null && Status("imap:broken")?.LastError is not null))
        {
            await Task.Delay(100, Ct);
        }
        var support = Status("imap:support");
        var broken = Status("imap:broken");
        Assert.NotNull(support?.LastSuccessAt);
        Assert.Null(support.LastError);
        Assert.NotNull(broken?.LastError);
        Assert.Null(broken.LastSuccessAt);
        Assert.True(broken.ConsecutiveFailures >= 1);

        // Within its first three minutes a failing reader is not yet judged.
        var health = app.Get<HealthCheckService>();
        var early = await health.CheckHealthAsync(r => r.Name == "jobs", Ct);
        Assert.Equal(HealthStatus.Healthy, early.Status);
        Assert.Equal("ok", early.Entries["jobs"].Data["imap:support"]);

        app.Clock.Advance(TimeSpan.FromMinutes(4));
        var late = await health.CheckHealthAsync(r => r.Name == "jobs", Ct);
        Assert.Equal(HealthStatus.Unhealthy, late.Status);
        Assert.Contains("imap:broken", late.Entries["jobs"].Description, StringComparison.Ordinal);
        Assert.StartsWith("stalled since", (string)late.Entries["jobs"].Data["imap:broken"], StringComparison.Ordinal);

        Touchpoint.Platform.Jobs.JobStatus? Status(string name) => readers.Workers.FirstOrDefault(w => w.Status.Name == name)?.Status;
    }
}
