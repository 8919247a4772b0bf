using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Touchpoint.Platform.Observability;
using Touchpoint.Platform.Outbox;
using Touchpoint.Platform.Persistence;
using Touchpoint.Tests.Infrastructure;

namespace Touchpoint.Tests.Platform;

/// <summary>What an operator sees: the outbox backlog as gauges and health, <c>/metrics</c> for a scraper, OTLP to a collector.</summary>
public abstract partial class TelemetryTests(TouchpointApp fixture)
{
    private TouchpointApp App => fixture.Ready();
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task EnqueueAsync(string channel, OutboxState state, DateTime due)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        db.Enqueue(new OutboxMessage
        {
            Channel = channel, Kind = "test.telemetry", SubjectType = "test", SubjectId = Guid.NewGuid(), Recipient = "ops@shop.test",
            Body = "{}", State = state, CreatedAt = due, NextAttemptAt = due,
        });
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public async Task The_snapshot_counts_the_backlog_by_channel_and_health_says_when_it_is_not_draining()
    {
        var snapshot = App.Get<OperationsSnapshot>();
        await snapshot.RunNowAsync(Ct);
        var before = snapshot.Outbox!;
        var now = App.Clock.GetUtcNow().UtcDateTime;
        await EnqueueAsync("email", OutboxState.Pending, now);
        await EnqueueAsync("email", OutboxState.Pending, now.AddMinutes(5));
        await EnqueueAsync("webhook", OutboxState.Pending, now.AddMinutes(1));
        await EnqueueAsync("email", OutboxState.Failed, now);
        await EnqueueAsync("email", OutboxState.Sent, now.AddMinutes(-30));

        var health = new OutboxHealthCheck(snapshot, Options.Create(new OutboxOptions { Enabled = true, StalledAfter = TimeSpan.FromMinutes(10) }));
        App.Clock.Advance(TimeSpan.FromMinutes(9));
        await snapshot.RunNowAsync(Ct);
        var o = snapshot.Outbox!;
        Assert.Equal(before.PendingByChannel.GetValueOrDefault("email") + 2, o.PendingByChannel["email"]);
        Assert.Equal(before.PendingByChannel.GetValueOrDefault("webhook") + 1, o.PendingByChannel["webhook"]);
        Assert.Equal(before.Failed + 1, o.Failed);
        // PostgreSQL keeps microseconds: the stored due time may be up to a microsecond earlier than the clock's.
        Assert.InRange(o.OverdueFor, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(9) + TimeSpan.FromMilliseconds(1));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);

        // Nothing sent for 11 minutes past the oldest due message: mail is not going out, and health says so.
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await snapshot.RunNowAsync(Ct);
        var stalled = await health.CheckHealthAsync(new HealthCheckContext(), Ct);
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Contains("not draining", stalled.Description);
        Assert.Equal(11 * 60, stalled.Data["overdueSeconds"]);

        // In an instance that does not send, a backlog is another instance's business.
        var off = new OutboxHealthCheck(snapshot, Options.Create(new OutboxOptions { Enabled = false }));
        Assert.Equal(HealthStatus.Healthy, (await off.CheckHealthAsync(new HealthCheckContext(), Ct)).Status);
    }

    [Fact]
    public async Task A_write_on_sqlite_measures_its_wait_for_the_write_gate_and_postgresql_has_none()
    {
        using var waits = new Measurements("touchpoint.db.write_gate.wait");
        await EnqueueAsync("email", OutboxState.Sent, App.Clock.GetUtcNow().UtcDateTime);
        if (App.Provider == Provider.Sqlite)
        {
            var wait = Assert.Single(waits.Values);
            Assert.InRange(wait, 0, 30);
        }
        else
        {
            Assert.Empty(waits.Values);
        }
    }

    [Fact]
    public async Task Metrics_are_scraped_with_an_api_key_or_by_an_admin_and_refused_to_everyone_else()
    {
        await App.Get<OperationsSnapshot>().RunNowAsync(Ct);
        await EnqueueAsync("email", OutboxState.Pending, App.Clock.GetUtcNow().UtcDateTime);
        await App.Get<OperationsSnapshot>().RunNowAsync(Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.SignedInAsync("Agent")).GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.SignedInAsync("ServiceOwner")).GetAsync("/metrics", Ct)).StatusCode);

        var scraper = await App.ApiClientAsync("prometheus");
        var response = await scraper.GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        // Series as Prometheus names them (the unit as a suffix), with the scope label first. Other apps of this test run
        // share the process's meter, so values are not asserted here (the snapshot test does), only that each series is served.
        Serves(text, "touchpoint_outbox_pending", "channel=\"email\"");
        Assert.Contains("# TYPE touchpoint_outbox_failed gauge", text);
        Serves(text, "touchpoint_outbox_failed", "");
        Serves(text, "touchpoint_outbox_overdue_seconds", "");
        Serves(text, "touchpoint_job_since_success_seconds", "job=\"ops.snapshot\"");
        Serves(text, "touchpoint_job_pass_duration_seconds_bucket", "job=\"ops.snapshot\",outcome=\"ok\",le=\"0.05\"");
        Assert.Contains("http_server_request_duration_seconds", text);

        var admin = await App.SignedInAsync("Admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics", Ct)).StatusCode);
    }
}

public sealed class TelemetrySqliteTests(SqliteApp app) : TelemetryTests(app), IClassFixture<SqliteApp>;

public sealed class TelemetryPostgresTests(PostgresApp app) : TelemetryTests(app), IClassFixture<PostgresApp>;

public abstract partial class TelemetryTests
{
    private static void Serves(string text, string series, string labels)
    {
        var lines = text.Split('\n').Where(l => l.StartsWith(series + "{", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Any(l => l.Contains(labels, StringComparison.Ordinal) && l.LastIndexOf(' ') > 0),
            $"{series} {{{labels}}} not served; its lines: {string.Join(" | ", lines.Take(5))}");
    }
}

/// <summary>A collector on loopback that speaks OTLP over HTTP: it records which signals arrived and from which service.</summary>
public sealed class TelemetryExportTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly ConcurrentDictionary<string, byte[]> _received = new(StringComparer.Ordinal);
    private WebApplication? _collector;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (request.ContentType == "application/x-protobuf")
            {
                _received[signal] = body.ToArray();
            }
            return Results.Ok();
        });
        await _collector.StartAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_an_otlp_endpoint_logs_metrics_and_traces_reach_the_collector()
    {
        var address = _collector!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var app = new TouchpointApp()
            .With("Touchpoint:Telemetry:OtlpEndpoint", address)
            .With("Touchpoint:Telemetry:OtlpProtocol", "http/protobuf")
            .With("OTEL_BSP_SCHEDULE_DELAY", "100")
            .With("OTEL_BLRP_SCHEDULE_DELAY", "100")
            .With("OTEL_METRIC_EXPORT_INTERVAL", "200");
        await app.InitializeAsync();
        var client = app.Ready().CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_received.Count < 3 && DateTime.UtcNow < deadline)
        {
            (await client.GetAsync("/healthz", Ct)).EnsureSuccessStatusCode();
            await Task.Delay(200, Ct);
        }
        Assert.True(_received.ContainsKey("traces"), "no traces arrived; got " + string.Join(", ", _received.Keys));
        Assert.True(_received.ContainsKey("metrics"), "no metrics arrived; got " + string.Join(", ", _received.Keys));
        Assert.True(_received.ContainsKey("logs"), "no logs arrived; got " + string.Join(", ", _received.Keys));
        // The resource names the service in every export (protobuf keeps strings as UTF-8).
        foreach (var (signal, body) in _received)
        {
            Assert.True(System.Text.Encoding.UTF8.GetString(body).Contains("touchpoint", StringComparison.Ordinal), $"{signal} without the service name");
        }
    }
}
