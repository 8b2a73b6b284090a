namespace Closeout.Infrastructure;

/// <summary>How a failed step should be treated: retried soon, after the server's wait, after a reconnect or a fix, or never.</summary>
public enum FailureKind
{
    /// <summary>5xx, timeouts, connection errors: retry with backoff.</summary>
    Transient,

    /// <summary>Jobber's cost throttle or request-rate limit: retry after its wait.</summary>
    Throttled,

    /// <summary>Tokens rejected and not refreshable: the account must reconnect.</summary>
    Auth,

    /// <summary>Closeout is not set up for this (account not connected, no catalog or policy): retry after a fix.</summary>
    Configuration,

    /// <summary>Will fail the same way every time (job gone, malformed data, userErrors): dead letter at once.</summary>
    Permanent,
}

/// <summary>An expected failure, as a value: what kind, a message for a person (no payloads or personal data), and the server's wait hint.</summary>
public sealed record Failure(FailureKind Kind, string Message, TimeSpan? RetryAfter = null)
{
    public static Failure Transient(string message, TimeSpan? retryAfter = null) => new(FailureKind.Transient, message, retryAfter);

    public static Failure Throttled(string message, TimeSpan? retryAfter) => new(FailureKind.Throttled, message, retryAfter);

    public static Failure Auth(string message) => new(FailureKind.Auth, message);

    public static Failure Configuration(string message) => new(FailureKind.Configuration, message);

    public static Failure Permanent(string message) => new(FailureKind.Permanent, message);

    public override string ToString() => $"{Kind}: {Message}";
}

/// <summary>A value or the failure that stopped it.</summary>
public readonly record struct Result<T>
{
    internal Result(T? value, Failure? failure)
    {
        Value = value;
        Failure = failure;
    }

    public T? Value { get; }

    public Failure? Failure { get; }

    public bool IsSuccess => Failure is null;

    public static implicit operator Result<T>(Failure failure) => new(default, failure);

    public static implicit operator Result<T>(T value) => new(value, null);
}

public static class Result
{
    public static Result<T> Ok<T>(T value) => new(value, null);
}
