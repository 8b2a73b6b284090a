namespace Closeout.Infrastructure;

/// <summary>The expected ways a person's request can fail, each answered with its own HTTP status as ProblemDetails.</summary>
public enum ProblemKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,

    /// <summary>Jobber refused or could not be reached.</summary>
    Upstream,
}

public sealed record Problem(ProblemKind Kind, string Detail)
{
    public static Problem Invalid(string detail) => new(ProblemKind.Invalid, detail);

    public static Problem NotFound(string detail) => new(ProblemKind.NotFound, detail);

    public static Problem Conflict(string detail) => new(ProblemKind.Conflict, detail);

    public static Problem Forbidden(string detail) => new(ProblemKind.Forbidden, detail);

    public static Problem Upstream(string detail) => new(ProblemKind.Upstream, detail);

    public int Status => Kind switch
    {
        ProblemKind.Invalid => StatusCodes.Status400BadRequest,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status502BadGateway,
    };

    public string Title => Kind switch
    {
        ProblemKind.Invalid => "Invalid request",
        ProblemKind.NotFound => "Not found",
        ProblemKind.Conflict => "Conflict",
        ProblemKind.Forbidden => "Forbidden",
        _ => "Jobber did not accept the change",
    };

    /// <summary>The one place a problem becomes an HTTP answer (RFC 7807).</summary>
    public IResult ToResult() => Results.Problem(Detail, statusCode: Status, title: Title);
}

/// <summary>A value, or the problem that stopped a person's request.</summary>
public readonly record struct Outcome<T>
{
    internal Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    public bool IsSuccess => Problem is null;

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public IResult ToResult(Func<T, IResult> ok) => Problem is null ? ok(Value!) : Problem.ToResult();
}

public static class Outcome
{
    /// <summary>A success whose value may be null (the implicit conversion cannot tell a null value from a missing problem).</summary>
    public static Outcome<T> Ok<T>(T value) => new(value, null);
}
