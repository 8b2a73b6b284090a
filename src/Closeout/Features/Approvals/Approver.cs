namespace Closeout.Features.Approvals;

/// <summary>A role (owner, manager, office) or a named user (id or email); written "role:manager", "user:ana@example.com".</summary>
public sealed record Approver(string Kind, string Id)
{
    public const string RoleKind = "role";
    public const string UserKind = "user";

    public static Approver Role(string role) => new(RoleKind, role.Trim().ToLowerInvariant());

    public static Approver User(string user) => new(UserKind, user.Trim());

    public static Approver Parse(string text) => text.StartsWith("user:", StringComparison.Ordinal) ? User(text[5..]) : Role(text.StartsWith("role:", StringComparison.Ordinal) ? text[5..] : text);

    public override string ToString() => $"{Kind}:{Id}";
}

/// <summary>What a draft needs: nothing (approved by the policy) or a person among <see cref="Approvers"/>, and why.</summary>
public sealed record RoutingDecision(bool AutoApprove, IReadOnlyList<Approver> Approvers, IReadOnlyList<string> Reasons)
{
    public static RoutingDecision Auto(string reason) => new(true, [], [reason]);
}

/// <summary>What the router knows about a draft beyond its lines: the job's client and its standing, the draft's service lines.</summary>
public sealed record RoutingContext(string? ClientId, bool ClientPastDue, IReadOnlyCollection<string> ServiceLines);
