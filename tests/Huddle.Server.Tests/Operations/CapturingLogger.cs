using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Huddle.Server.Tests.Operations;

/// <summary>Records every log entry of a test server (category, event id, level, formatted text, exception).</summary>
public sealed class CapturingLoggerProvider(LogLevel minimum = LogLevel.Debug) : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, minimum);

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, EventId Id, LogLevel Level, string Text, Exception? Exception);

    private sealed class Logger(string category, ConcurrentQueue<Entry> entries, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The structured values too: a secret must appear in neither the text nor a parameter.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            entries.Enqueue(new Entry(category, eventId, logLevel, formatter(state, exception) + " | " + values, exception));
        }
    }
}
