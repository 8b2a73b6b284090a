namespace Closeout.Features.Pilot;

/// <summary>How far an account trusts its drafts: shadow (never written), copilot (written, a person approves), auto (sent within policy).</summary>
public enum PilotMode
{
    Shadow,
    Copilot,
    Auto,
}

/// <summary>An account's pilot mode, overridable per service line (a catalog category such as "Water heaters").</summary>
public sealed class PilotSettings
{
    public PilotMode Mode { get; set; } = PilotMode.Copilot;

    public Dictionary<string, PilotMode> ServiceLines { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A draft takes the most careful mode of its service lines (shadow before copilot before auto), so a job touching a
    /// line still in shadow is never written.
    /// </summary>
    public PilotMode ModeFor(IEnumerable<string> serviceLines)
    {
        var modes = serviceLines.Select(s => ServiceLines.TryGetValue(s, out var mode) ? mode : Mode).ToList();
        return modes.Count == 0 ? Mode : modes.Min();
    }
}
