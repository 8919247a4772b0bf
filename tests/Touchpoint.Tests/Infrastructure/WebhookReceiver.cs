using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Touchpoint.Tests.Infrastructure;

/// <summary>
/// The store's webhook endpoint in tests: a real HTTP listener on a free loopback port that keeps every delivery it
/// accepts (headers and body) and can answer the next one with 503 to exercise the outbox's retry.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<Delivery> _received = [];
    private int _failNext;

    public sealed record Delivery(IReadOnlyDictionary<string, string> Headers, string Body);

    public WebhookReceiver()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/hooks/");
        _listener.Start();
        Url = $"http://127.0.0.1:{port}/hooks/touchpoint";
        _ = Task.Run(ServeAsync);
    }

    /// <summary>The address to configure as <c>Touchpoint:Webhooks:Url</c>.</summary>
    public string Url { get; }

    /// <summary>The next delivery is refused with 503 (and not kept).</summary>
    public void FailNext() => Interlocked.Exchange(ref _failNext, 1);

    /// <summary>The accepted deliveries so far whose body matches, in arrival order.</summary>
    public IReadOnlyList<Delivery> Where(Func<string, bool> body)
    {
        lock (_received)
        {
            return _received.Where(d => body(d.Body)).ToList();
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (Interlocked.Exchange(ref _failNext, 0) == 1)
            {
                context.Response.StatusCode = 503;
            }
            else
            {
                lock (_received)
                {
                    _received.Add(new Delivery(context.Request.Headers.AllKeys.ToDictionary(k => k!, k => context.Request.Headers[k]!), body));
                }
                context.Response.StatusCode = 204;
            }
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
