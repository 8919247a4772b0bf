using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using MimeKit;

namespace Touchpoint.Tests.Infrastructure;

/// <summary>Reads the test mailbox over IMAP (dovecot), as the customer's mail client would.</summary>
public static class Mailbox
{
    /// <summary>Waits until exactly <paramref name="expected"/> messages whose subject contains <paramref name="text"/> arrived, then a bit more to catch extras.</summary>
    public static async Task<IReadOnlyList<MimeMessage>> WaitForAsync(string text, int expected, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        IReadOnlyList<MimeMessage> found = [];
        while (DateTime.UtcNow < deadline)
        {
            found = await SearchAsync(text);
            if (found.Count >= expected)
            {
                // Delivery is asynchronous: give a duplicate the chance to show up before we say "exactly".
                await Task.Delay(1500);
                return await SearchAsync(text);
            }
            await Task.Delay(300);
        }
        return found;
    }

    public static async Task<IReadOnlyList<MimeMessage>> SearchAsync(string text)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(TestEnvironment.RequireImap(), TestEnvironment.ImapPort, SecureSocketOptions.None);
        await client.AuthenticateAsync(TestEnvironment.ImapUser, TestEnvironment.ImapPassword);
        var inbox = client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var ids = await inbox.SearchAsync(SearchQuery.SubjectContains(text));
        var messages = new List<MimeMessage>();
        foreach (var id in ids)
        {
            messages.Add(await inbox.GetMessageAsync(id));
        }
        await client.DisconnectAsync(true);
        return messages;
    }
}

/// <summary>
/// A TCP relay in front of the real SMTP server: stopped, the server looks down to the app; started, it is up.
/// The mail server itself is real; only the path to it is cut.
/// </summary>
public sealed class SmtpRelay(string targetHost, int targetPort) : IAsyncDisposable
{
    private readonly int _port = FreePort();
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;

    public int Port => _port;

    public void Start()
    {
        _stop = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Loopback, _port);
        _listener.Start();
        _ = AcceptLoopAsync(_listener, _stop.Token);
    }

    public void Stop()
    {
        _stop?.Cancel();
        _listener?.Stop();
        _listener = null;
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested || !listener.Server.IsBound)
            {
                return;
            }
            _ = RelayAsync(inbound, ct);
        }
    }

    private async Task RelayAsync(TcpClient inbound, CancellationToken ct)
    {
        using (inbound)
        using (var outbound = new TcpClient())
        {
            await outbound.ConnectAsync(targetHost, targetPort, ct);
            var a = inbound.GetStream();
            var b = outbound.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _stop?.Dispose();
        return ValueTask.CompletedTask;
    }
}
