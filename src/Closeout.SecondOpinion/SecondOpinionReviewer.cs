using System.Text;
using Closeout.Drafting.Catalogs;
using Closeout.Drafting.Drafts;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Jobs;
using Closeout.SecondOpinion.Audit;
using Closeout.SecondOpinion.Grounding;
using Closeout.SecondOpinion.Providers;
using Closeout.SecondOpinion.Review;
using Microsoft.Extensions.AI;

namespace Closeout.SecondOpinion;

/// <summary>
/// Asks a language model for a second opinion on the engine's draft, grounded in the notes, the catalog and the
/// business's past invoices, and validates every word of the answer before it may touch a draft. Whatever goes wrong
/// (timeout, refusal, rate limit, error, malformed answer, spent budget) leaves the engine's draft as it was, with the
/// reason recorded; the call never outlasts the profile's timeout. Thread-safe.
/// </summary>
public sealed class SecondOpinionReviewer
{
    private readonly SecondOpinionOptions _options;
    private const int EmbeddingBatch = 64;

    private readonly IChatClient? _client;
    private readonly string? _unavailable;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private readonly string? _embeddingsProblem;
    private readonly CatalogEmbeddings _catalogVectors = new();
    private readonly ISecondOpinionAudit _audit;
    private readonly ISecondOpinionBudget _budget;
    private readonly TimeProvider _time;

    public SecondOpinionReviewer(SecondOpinionOptions options, ChatClientResult client, ISecondOpinionAudit audit, ISecondOpinionBudget budget, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        _options = options;
        _client = client.Client;
        _unavailable = client.Problem;
        _embeddings = client.Embeddings;
        _embeddingsProblem = client.EmbeddingsProblem;
        _audit = audit;
        _budget = budget;
        _time = time;
    }

    public SecondOpinionOptions Options => _options;

    /// <param name="accountId">Whose budget pays, and whose audit it is.</param>
    /// <param name="job">The job as Jobber has it.</param>
    /// <param name="engine">The business's engine: its catalog is the only source of items and prices, its policy re-prices a merged draft.</param>
    /// <param name="engineDraft">What the engine drafted for the job.</param>
    /// <param name="pastJobs">The business's invoiced past jobs, from which the most similar are shown.</param>
    /// <param name="cancellationToken">The caller's; the profile's timeout applies besides it.</param>
    public async Task<SecondOpinionResult> ReviewAsync(
        string accountId,
        JobberJob job,
        DraftEngine engine,
        DraftInvoice engineDraft,
        IReadOnlyList<PastJob> pastJobs,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(engineDraft);
        if (_options.Mode == SecondOpinionMode.Off)
        {
            return SecondOpinionResult.Unchanged(SecondOpinionOutcome.Off, "The second opinion is off for this account.", engineDraft);
        }

        if (_client is null)
        {
            return SecondOpinionResult.Unchanged(SecondOpinionOutcome.Unavailable, _unavailable ?? "No model is configured.", engineDraft);
        }

        var month = Month();
        if (_options.MonthlyBudget is { } budget && await _budget.SpentAsync(accountId, month, cancellationToken) >= budget)
        {
            return SecondOpinionResult.Unchanged(SecondOpinionOutcome.BudgetSpent, $"This month's budget of {budget} is spent; the second opinion is off until next month.", engineDraft);
        }

        var calls = new List<LlmCallRecord>();
        var context = new CallContext(accountId, job.Id ?? string.Empty, month, calls);
        using var deadline = new CancellationTokenSource(_options.Profile.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = _time.GetTimestamp();
        var (ranked, retrieval) = await RankAsync(context, job, engine.Catalog, started, linked.Token, cancellationToken);
        var candidates = Retrieval.Candidates(engine.Catalog, job, engineDraft, _options.CatalogCandidates, ranked);
        var similar = Retrieval.SimilarPastJobs(job, pastJobs ?? [], _options.PastInvoices);
        List<ChatMessage> messages =
        [
            new(ChatRole.System, Prompt.System),
            new(ChatRole.User, [new TextContent(Prompt.User(job, engineDraft, candidates, similar, engine.Catalog)), .. Images(job)]),
        ];

        var result = await AskAsync(context, messages, job, engine, engineDraft, started, deadline, linked.Token, cancellationToken);
        return result with { Retrieval = retrieval };
    }

    private async Task<SecondOpinionResult> AskAsync(
        CallContext context,
        List<ChatMessage> messages,
        JobberJob job,
        DraftEngine engine,
        DraftInvoice engineDraft,
        long started,
        CancellationTokenSource deadline,
        CancellationToken token,
        CancellationToken cancellationToken)
    {
        var calls = context.Calls;
        for (var attempt = 1; ; attempt++)
        {
            var call = await CallAsync(context, messages, attempt, started, deadline, token, cancellationToken);
            if (call.Failure is { } failure)
            {
                return failure(engineDraft, calls);
            }

            var (answer, errors) = ReviewAnswerSchema.Parse(call.Text);
            if (answer is null)
            {
                await AuditAsync(context, call, $"malformed: {string.Join(" ", errors)}");
                if (attempt >= 2)
                {
                    return SecondOpinionResult.Unchanged(SecondOpinionOutcome.Malformed, "The answer did not match the schema after one re-ask: " + string.Join(" ", errors), engineDraft, calls);
                }

                messages.Add(new ChatMessage(ChatRole.Assistant, call.Text ?? string.Empty));
                messages.Add(new ChatMessage(ChatRole.User, Prompt.Reask(errors)));
                continue;
            }

            var validation = new ProposalValidator(engine, _options.Limits).Validate(job, engineDraft, answer);
            await AuditAsync(context, call, $"answered: {validation.Accepted.Count} accepted, {validation.Rejected.Count} rejected, {validation.NoOps.Count} no-op");
            return Conclude(job, engine, engineDraft, answer, validation, calls);
        }
    }

    /// <summary>
    /// The catalog ranked for the job: by words, and with the provider's embeddings fused in when the profile has them.
    /// Embeddings that fail (error, timeout, a wrong count) leave the words' ranking, and the reason is returned.
    /// </summary>
    private async Task<(IReadOnlyList<CatalogItem> Ranked, string Retrieval)> RankAsync(
        CallContext context, JobberJob job, Catalog catalog, long started, CancellationToken token, CancellationToken callerToken)
    {
        var lexical = Retrieval.Lexical(catalog, job);
        if (_embeddings is null)
        {
            return (lexical, _embeddingsProblem is { } problem ? $"lexical: {problem}" : "lexical");
        }

        var model = _options.Profile.EmbeddingModel!;
        var key = CatalogEmbeddings.Key(context.AccountId, model, catalog);
        if (_catalogVectors.Find(key) is not { } items)
        {
            var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (var batch in catalog.Items.Chunk(EmbeddingBatch))
            {
                var embedded = await EmbedAsync(context, batch.Select(CatalogEmbeddings.Text).ToList(), "catalog", started, token, callerToken);
                if (embedded.Problem is { } problem)
                {
                    return (lexical, $"lexical only: {problem}");
                }

                for (var i = 0; i < batch.Length; i++)
                {
                    vectors[batch[i].Id] = embedded.Vectors[i];
                }
            }

            _catalogVectors.Keep(key, vectors);
            items = vectors;
        }

        var jobVector = await EmbedAsync(context, [Retrieval.JobText(job)], "job", started, token, callerToken);
        return jobVector.Problem is { } failed
            ? (lexical, $"lexical only: {failed}")
            : (Retrieval.Fuse(lexical, CatalogEmbeddings.Rank(catalog, items, jobVector.Vectors[0])), $"lexical and embeddings ({model}), fused by reciprocal rank");
    }

    private sealed record Embedded(IReadOnlyList<float[]> Vectors, string? Problem);

    /// <summary>One embeddings call, audited and paid like a chat call; never longer than the embedding timeout or what is left of the whole.</summary>
    private async Task<Embedded> EmbedAsync(CallContext context, List<string> texts, string what, long started, CancellationToken token, CancellationToken callerToken)
    {
        var profile = _options.Profile;
        var limit = Min(profile.EmbeddingTimeout, profile.Timeout - _time.GetElapsedTime(started));
        var capture = ProviderCallRecorder.Observe(keepBody: false);
        var callStart = _time.GetTimestamp();
        GeneratedEmbeddings<Embedding<float>>? result = null;
        string? problem = null;
        try
        {
            if (limit <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            result = await _embeddings!.GenerateAsync(texts, null, token).WaitAsync(limit, _time, token);
            if (result.Count != texts.Count)
            {
                problem = $"the embeddings endpoint answered {result.Count} vectors for {texts.Count} texts";
            }
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever the embeddings endpoint throws, retrieval falls back to words and says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            problem = e is TimeoutException or OperationCanceledException
                ? $"the embeddings endpoint did not answer within {limit.TotalSeconds:0.###} s"
                : capture.Status is { } status ? $"the embeddings endpoint answered {status} ({e.GetType().Name})" : $"the embeddings endpoint could not be reached or answered unreadably ({e.GetType().Name})";
        }

        var tokens = result?.Usage?.InputTokenCount;
        await RecordAsync(context, new LlmCallRecord(
            context.AccountId,
            context.JobId,
            profile.Provider,
            profile.EmbeddingModel!,
            0,
            _time.GetUtcNow(),
            $"[embeddings: {what}]\n" + string.Join('\n', texts),
            result is null ? null : $"{result.Count} vectors of {result.FirstOrDefault()?.Vector.Length ?? 0} dimensions",
            tokens,
            null,
            _time.GetElapsedTime(callStart),
            Cost(profile.EmbeddingModel!, tokens ?? 0, 0),
            problem is null ? $"embedded: {what}, {texts.Count} texts" : $"embeddings failed: {problem}"));
        return problem is null ? new([.. result!.Select(e => e.Vector.ToArray())], null) : new([], problem);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private SecondOpinionResult Conclude(JobberJob job, DraftEngine engine, DraftInvoice engineDraft, ReviewAnswer answer, Validation validation, List<LlmCallRecord> calls)
    {
        var summary = $"{validation.Accepted.Count} proposals accepted, {validation.Rejected.Count} rejected, {validation.NoOps.Count} changed nothing"
            + (answer.PriceOffered ? "; the prices in the answer were ignored" : string.Empty) + ".";
        var (outcome, draft) = _options.Mode switch
        {
            SecondOpinionMode.Merge when validation.Accepted.Count > 0 || validation.Flags.Count > 0 || validation.Descriptions.Count > 0 || validation.SteeringNoteIds.Count > 0
                => (validation.Accepted.Count > 0 ? SecondOpinionOutcome.Merged : SecondOpinionOutcome.NoChanges, DraftMerger.Merge(engine, job, engineDraft, validation)),
            SecondOpinionMode.Suggest when validation.Accepted.Count > 0 || validation.Flags.Count > 0 || validation.Descriptions.Count > 0
                => (SecondOpinionOutcome.Suggested, engineDraft),
            _ => (SecondOpinionOutcome.NoChanges, engineDraft),
        };
        return new SecondOpinionResult(outcome, summary, draft, validation.Accepted, validation.Rejected, validation.NoOps, validation.Flags, validation.Descriptions, calls)
        {
            PriceIgnored = answer.PriceOffered,
            SteeringNoteIds = validation.SteeringNoteIds,
        };
    }

    private sealed record CallContext(string AccountId, string JobId, DateOnly Month, List<LlmCallRecord> Calls);

    private sealed record Call(
        int Attempt,
        string Prompt,
        string? Text,
        string? Raw,
        long? InputTokens,
        long? OutputTokens,
        TimeSpan Latency,
        Func<DraftInvoice, List<LlmCallRecord>, SecondOpinionResult>? Failure);

    private async Task<Call> CallAsync(
        CallContext context,
        List<ChatMessage> messages,
        int attempt,
        long started,
        CancellationTokenSource deadline,
        CancellationToken token,
        CancellationToken callerToken)
    {
        var options = new ChatOptions
        {
            Temperature = _options.Profile.Temperature,
            MaxOutputTokens = _options.Profile.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(ReviewAnswerSchema.Schema, ReviewAnswerSchema.Name, "Proposed changes to a draft invoice"),
        };
        var prompt = Render(messages);
        var capture = ProviderCallRecorder.Observe();
        var callStart = _time.GetTimestamp();
        var remaining = _options.Profile.Timeout - _time.GetElapsedTime(started);
        ChatResponse? response = null;
        Exception? error = null;
        try
        {
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException();
            }

            // WaitAsync too: a provider SDK that ignored the token must still not hold the pipeline past the deadline.
            response = await _client!.GetResponseAsync(messages, options, token).WaitAsync(remaining, _time, token);
        }
        catch (OperationCanceledException) when (callerToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Whatever a provider throws, the engine's draft stands and the reason is recorded.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e;
        }

        var latency = _time.GetElapsedTime(callStart);
        var call = new Call(
            attempt,
            prompt,
            response?.Text,
            capture.Body ?? response?.Text,
            response?.Usage?.InputTokenCount,
            response?.Usage?.OutputTokenCount,
            latency,
            null);

        if (error is not null)
        {
            var (outcome, reason) = Classify(error, capture, deadline.IsCancellationRequested);
            await AuditAsync(context, call, $"{outcome}: {reason}");
            return call with
            {
                Failure = (draft, calls) => SecondOpinionResult.Unchanged(outcome, reason, draft, calls) with
                {
                    RetryAfter = outcome == SecondOpinionOutcome.RateLimited ? capture.RetryAfter : null,
                },
            };
        }

        if (Refusal(response!) is { } refusal)
        {
            await AuditAsync(context, call, $"refused: {refusal}");
            return call with { Failure = (draft, calls) => SecondOpinionResult.Unchanged(SecondOpinionOutcome.Refused, $"The model declined to answer: {refusal}", draft, calls) };
        }

        return call;
    }

    private (SecondOpinionOutcome, string) Classify(Exception error, CallCapture capture, bool deadlinePassed)
    {
        var timeout = _options.Profile.Timeout;
        if (deadlinePassed || error is TimeoutException or OperationCanceledException)
        {
            return (SecondOpinionOutcome.Timeout, $"No answer within {timeout.TotalSeconds:0.###} s.");
        }

        return capture.Status switch
        {
            429 => (SecondOpinionOutcome.RateLimited, "The provider is rate limiting (429)" + (capture.RetryAfter is { } wait ? $"; it asks to retry after {wait.TotalSeconds:0.#} s." : ".")),
            401 or 403 => (SecondOpinionOutcome.ProviderError, $"The provider refused the credentials ({capture.Status}); check the key."),
            { } status => (SecondOpinionOutcome.ProviderError, $"The provider answered {status} ({error.GetType().Name})."),
            null => (SecondOpinionOutcome.ProviderError, $"The provider could not be reached or answered unreadably ({error.GetType().Name})."),
        };
    }

    private static string? Refusal(ChatResponse response)
    {
        var errors = response.Messages.SelectMany(m => m.Contents).OfType<ErrorContent>().Select(e => e.Message).ToList();
        if (errors.Count > 0)
        {
            return string.Join(" ", errors);
        }

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            return "the provider's content filter stopped the answer";
        }

        if (response.FinishReason is { } reason && string.Equals(reason.Value, "refusal", StringComparison.OrdinalIgnoreCase))
        {
            return "the model refused";
        }

        return string.IsNullOrWhiteSpace(response.Text) ? "the answer was empty" : null;
    }

    private decimal? Cost(string model, long inputTokens, long outputTokens) =>
        _options.Prices.TryGetValue(model, out var price) ? price.Cost(inputTokens, outputTokens) : null;

    private async Task AuditAsync(CallContext context, Call call, string outcome)
    {
        var profile = _options.Profile;
        var record = new LlmCallRecord(
            context.AccountId,
            context.JobId,
            profile.Provider,
            profile.Model,
            call.Attempt,
            _time.GetUtcNow(),
            call.Prompt,
            call.Raw,
            call.InputTokens,
            call.OutputTokens,
            call.Latency,
            Cost(profile.Model, call.InputTokens ?? 0, call.OutputTokens ?? 0),
            outcome);
        await RecordAsync(context, record);
    }

    private async Task RecordAsync(CallContext context, LlmCallRecord record)
    {
        context.Calls.Add(record);

        // The record outlives the caller's cancellation: a call that was paid for is always accounted for.
        await _audit.RecordAsync(record, CancellationToken.None);
        if (record.EstimatedCost is > 0m and var cost)
        {
            await _budget.AddAsync(context.AccountId, context.Month, cost, CancellationToken.None);
        }
    }

    private DateOnly Month()
    {
        var now = _time.GetUtcNow();
        return new DateOnly(now.Year, now.Month, 1);
    }

    /// <summary>The job's note photos as image content, for a profile whose model reads images: by URL, never downloaded here.</summary>
    private List<AIContent> Images(JobberJob job)
    {
        if (!_options.Profile.Vision)
        {
            return [];
        }

        return (job.Notes?.Items ?? [])
            .Where(n => n is not null)
            .OrderByDescending(n => n.CreatedAt)
            .SelectMany(n => n.Attachments ?? [])
            .Where(a => a?.ContentType is { } type && type.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(a.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
            .Take(_options.Profile.MaxImages)
            .Select(a => (AIContent)new UriContent(new Uri(a!.Url!), a.ContentType!))
            .ToList();
    }

    private static string Render(IEnumerable<ChatMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            text.Append('[').Append(m.Role.Value).Append("]\n").Append(m.Text).Append("\n\n");
            foreach (var image in m.Contents.OfType<UriContent>())
            {
                text.Append("[image ").Append(image.MediaType).Append("] ").Append(image.Uri).Append('\n');
            }
        }

        return text.ToString();
    }
}
