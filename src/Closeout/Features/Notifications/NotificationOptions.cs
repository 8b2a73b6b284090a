namespace Closeout.Features.Notifications;

/// <summary>The SMTP relay approvers' mail goes through.</summary>
public sealed class SmtpSettings
{
    /// <summary>Empty: no mail is sent (mail notifications are not queued).</summary>
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>None, StartTls (the default when the server offers it: Auto), or SslOnConnect.</summary>
    public string Security { get; set; } = "Auto";

    public string From { get; set; } = "closeout@localhost";

    /// <summary>From the environment or a secret store, never appsettings.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }
}

/// <summary>Section "Notifications": mail over SMTP, a Slack-compatible incoming webhook, and who holds each role.</summary>
internal sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>A Slack-compatible incoming webhook URL (a secret: from the environment); empty sends no chat message.</summary>
    public string? SlackWebhookUrl { get; set; }

    /// <summary>Extra emails per role for a role routed an approval, beside the users who hold the role (a shared inbox, someone without a sign-in).</summary>
    public Dictionary<string, List<string>> Roles { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where a person opens a draft; {jobId} is replaced.</summary>
    public string DraftLink { get; set; } = "/review/drafts/{jobId}";

    public int MaxAttempts { get; set; } = 8;

    public int SweepMilliseconds { get; set; } = 2000;
}
