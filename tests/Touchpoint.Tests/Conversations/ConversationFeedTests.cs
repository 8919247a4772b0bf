using Microsoft.Extensions.Logging;
using Touchpoint.Features.Conversations;

namespace Touchpoint.Tests.Conversations;

public sealed class ConversationFeedTests
{
    [Fact]
    public void A_page_that_throws_is_logged_and_the_other_pages_still_hear()
    {
        var log = new Recorder();
        var feed = new ConversationFeed(log);
        var heard = new List<long>();
        feed.Changed += _ => throw new InvalidOperationException("circuit gone");
        feed.Changed += c => heard.Add(c.Number);

        feed.Publish(new ConversationChange(42, "replied", null));

        Assert.Equal([42L], heard);
        var entry = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.IsType<InvalidOperationException>(entry.Error);
        Assert.Contains("42", entry.Message, StringComparison.Ordinal);
        Assert.Contains("replied", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Publishing_with_no_page_listening_does_nothing()
    {
        var log = new Recorder();
        new ConversationFeed(log).Publish(new ConversationChange(1, "created", null));
        Assert.Empty(log.Entries);
    }

    private sealed class Recorder : ILogger<ConversationFeed>
    {
        public List<(LogLevel Level, Exception? Error, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, exception, formatter(state, exception)));
    }
}
