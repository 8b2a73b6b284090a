using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Users;

/// <summary>
/// Section "Users". <see cref="Bootstrap"/> creates the owner at start while no user exists (the demo and scripted installs);
/// otherwise the first person to open Closeout creates the owner on the first-run page.
/// </summary>
internal sealed class UsersOptions
{
    public const string Section = "Users";

    public BootstrapOwner Bootstrap { get; set; } = new();

    /// <summary>Failed sign-ins before a lockout, and how long it lasts.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;
}

internal sealed class BootstrapOwner
{
    public string? Email { get; set; }

    /// <summary>From the environment only (Users__Bootstrap__Password).</summary>
    public string? Password { get; set; }

    /// <summary>An API token (cot_...) to register for the owner, for scripts started with it.</summary>
    public string? ApiToken { get; set; }
}

/// <summary>Section "Authentication:OpenIdConnect": single sign-on, on when <see cref="Authority"/> is set. A person signs in as the local user with the same email.</summary>
internal sealed class OpenIdConnectSettings
{
    public const string Section = "Authentication:OpenIdConnect";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>Off only for a provider on loopback (tests, a local identity server).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
