using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Closeout.Tests.Service;

/// <summary>Every log line with its scopes' values, as a sink would keep them.</summary>
internal sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new System.Text.StringBuilder($"{category} {formatter(state, exception)} {exception}");
            owner._scopes.ForEachScope((scope, text) => text.Append(' ').Append(scope is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(",", pairs) : scope), line);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                line.Append(' ').Append(string.Join(",", values));
            }

            owner.Lines(line.ToString());
        }
    }

    private void Lines(string line) => lines.Enqueue(line);
}
