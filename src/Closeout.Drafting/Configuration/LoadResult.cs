namespace Closeout.Drafting.Configuration;

/// <summary>One problem in a configuration file: which file, which field (a JSON path such as <c>items[3].unitPrice</c>), and what is wrong.</summary>
public sealed record ConfigError(string File, string Field, string Message)
{
    public override string ToString() => $"{File}: {Field}: {Message}";
}

/// <summary>The outcome of loading a configuration file: the value, or every error found in it.</summary>
public sealed record LoadResult<T>
    where T : class
{
    internal LoadResult(T? value, IReadOnlyList<ConfigError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The loaded value; null exactly when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    public IReadOnlyList<ConfigError> Errors { get; }

    public bool IsSuccess => Value is not null;

    /// <summary>The value, or a <see cref="ConfigurationLoadException"/> listing every error.</summary>
    public T ValueOrThrow() => Value ?? throw new ConfigurationLoadException(Errors);
}

public static class LoadResult
{
    public static LoadResult<T> Success<T>(T value)
        where T : class => new(value, []);

    public static LoadResult<T> Failure<T>(IReadOnlyList<ConfigError> errors)
        where T : class =>
        errors.Count == 0 ? throw new ArgumentException("A failure needs at least one error.", nameof(errors)) : new(null, errors);
}

/// <summary>Thrown by the <c>LoadOrThrow</c> conveniences; the message lists every error, one a line.</summary>
public sealed class ConfigurationLoadException : Exception
{
    public ConfigurationLoadException()
        : this([])
    {
    }

    public ConfigurationLoadException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ConfigurationLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public ConfigurationLoadException(IReadOnlyList<ConfigError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<ConfigError> Errors { get; }

    private static string Describe(IReadOnlyList<ConfigError> errors) =>
        errors.Count == 0
            ? "Configuration could not be loaded."
            : $"Configuration has {errors.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
