using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Closeout.SecondOpinion.Providers;

/// <summary>Second-opinion options read for a named profile, or why they cannot be.</summary>
public sealed record LlmSettingsResult(SecondOpinionOptions? Options, string? Problem);

/// <summary>
/// Reads the <c>SecondOpinion</c> section (mode, prices, limits, budget) and the profile
/// <c>SecondOpinion:Profiles:NAME</c> from a JSON settings file and from environment variables prefixed
/// <c>CLOSEOUT_</c> (<c>CLOSEOUT_SecondOpinion__Profiles__openai__Model=gpt-4.1-mini</c>); the environment wins.
/// Keys are never in either: a profile names the variable that holds its key.
/// </summary>
public static class LlmSettings
{
    public const string Section = "SecondOpinion";
    public const string EnvironmentPrefix = "CLOSEOUT_";

    public static LlmSettingsResult Load(string profileName, string? settingsFile, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileName);
        if (settingsFile is not null && !File.Exists(settingsFile))
        {
            return new(null, $"No settings file {settingsFile}.");
        }

        var builder = new ConfigurationBuilder();
        if (settingsFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(settingsFile), optional: false, reloadOnChange: false);
        }

        if (environment is null)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }
        else
        {
            builder.AddInMemoryCollection(environment
                .Where(kv => kv.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                .Select(kv => new KeyValuePair<string, string?>(kv.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        }

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            return new(null, $"The settings file {settingsFile} cannot be read: {e.Message}");
        }

        var section = configuration.GetSection(Section);
        var profile = section.GetSection("Profiles").GetSection(profileName);
        if (!profile.Exists())
        {
            return new(null, $"No profile '{profileName}' under {Section}:Profiles in {settingsFile ?? "the environment"}.");
        }

        var options = new SecondOpinionOptions { Mode = SecondOpinionMode.Merge };
        try
        {
            section.Bind(options);
            options.Profile = profile.Get<LlmProfile>() ?? new LlmProfile();
        }
        catch (InvalidOperationException e)
        {
            return new(null, $"The profile '{profileName}' cannot be read: {e.Message}");
        }

        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options.Profile, new ValidationContext(options.Profile), errors, validateAllProperties: true)
            | !Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            return new(null, $"The profile '{profileName}' is invalid: {string.Join(" ", errors.Select(e => e.ErrorMessage))}");
        }

        return options.Profile.Kind is null
            ? new(null, $"The profile '{profileName}' names an unknown provider '{options.Profile.Provider}'.")
            : new(options, null);
    }
}
