using System.ComponentModel.DataAnnotations;

namespace Closeout.Features.Webhooks;

/// <summary>Section "Webhooks".</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Jobber's payloads are a few hundred bytes; anything far larger is refused with 413 before it is read.</summary>
    [Range(1_024, 10_485_760)]
    public int MaxBodyBytes { get; set; } = 65_536;
}
