namespace Closeout.Features.Users;

/// <summary>The four roles, from most to least trusted. A user has exactly one.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Manager = "manager";
    public const string Office = "office";
    public const string Technician = "technician";

    public static IReadOnlyList<string> All { get; } = [Owner, Manager, Office, Technician];

    /// <summary>Roles that change drafts (edit, approve, reject); technicians only read their own jobs.</summary>
    public static IReadOnlyList<string> Staff { get; } = [Owner, Manager, Office];
}

/// <summary>The authorization policies every endpoint and page names; the fallback (any page or endpoint that names none) is <see cref="SignedIn"/>.</summary>
public static class Policies
{
    public const string SignedIn = "signed-in";
    public const string Staff = "staff";
    public const string Managers = "managers";
    public const string Owner = "owner";
}

/// <summary>A person who signs in to Closeout. Technicians carry the Jobber user ids whose time sheets and visits are theirs.</summary>
public sealed class CloseoutUser
{
    public string Id { get; set; } = Guid.NewGuid().ToString("N");

    public string UserName { get; set; } = "";

    public string? NormalizedUserName { get; set; }

    public string Email { get; set; } = "";

    public string? NormalizedEmail { get; set; }

    public string DisplayName { get; set; } = "";

    public string? PasswordHash { get; set; }

    public string? SecurityStamp { get; set; }

    public DateTimeOffset? LockoutEnd { get; set; }

    public bool LockoutEnabled { get; set; } = true;

    public int AccessFailedCount { get; set; }

    /// <summary>Jobber user ids (EncodedIds) this person works as in Jobber: time-sheet users and assigned visit users.</summary>
    public IReadOnlyList<string> JobberUserIds { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class CloseoutRole
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string? NormalizedName { get; set; }
}
