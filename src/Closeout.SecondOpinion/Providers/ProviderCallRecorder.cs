namespace Closeout.SecondOpinion.Providers;

/// <summary>What the wire said on the last call made inside <see cref="ProviderCallRecorder.Observe"/>.</summary>
internal sealed class CallCapture
{
    public int? Status { get; set; }

    public TimeSpan? RetryAfter { get; set; }

    public string? Body { get; set; }

    /// <summary>False for embeddings: their answers are vectors, large and of no use to a person reading the audit.</summary>
    public bool KeepBody { get; init; } = true;
}

/// <summary>
/// Sits under every provider SDK's HttpClient and keeps the raw answer, its status and its Retry-After, whatever the
/// SDK turns them into: the audit wants the raw response, and the worker wants the server's wait hint. Only the
/// response is kept; request headers (the key) never are.
/// </summary>
internal sealed class ProviderCallRecorder(TimeProvider time) : DelegatingHandler
{
    private const long MaxBody = 1 << 20;

    private static readonly AsyncLocal<CallCapture?> Current = new();

    /// <summary>Starts capturing the calls this async flow makes.</summary>
    public static CallCapture Observe(bool keepBody = true) => Current.Value = new CallCapture { KeepBody = keepBody };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Current.Value is { } capture)
        {
            capture.Status = (int)response.StatusCode;
            capture.RetryAfter = response.Headers.RetryAfter switch
            {
                { Delta: { } delta } => delta,
                { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
                _ => null,
            };
            if (capture.KeepBody)
            {
                await response.Content.LoadIntoBufferAsync(MaxBody, cancellationToken);
                capture.Body = await response.Content.ReadAsStringAsync(cancellationToken);
            }
        }

        return response;
    }
}
