using System.CommandLine;
using Closeout.Drafting.Embeddings;
using Closeout.Drafting.Engine;
using Closeout.Drafting.Leakage;
using Spectre.Console;

namespace Closeout.Features.Evaluation;

/// <summary><c>closeout eval --dataset DIR [DIR...] --out predictions.jsonl [--baseline-only]</c></summary>
internal static class EvaluationCommand
{
    /// <summary>The engine that <c>closeout eval</c> and the accuracy ratchet measure: swap the real factory in here.</summary>
    public static IDraftEngineFactory Engines { get; } = new BusinessEngineFactory(new DraftEngineOptions { Semantic = new MiniLmSemanticMatcherFactory() });

    /// <summary>The engine without the sentence model: words, lexicon and history only.</summary>
    public static IDraftEngineFactory OfflineEngines { get; } = new BusinessEngineFactory();

    public static RootCommand AddEvaluation(this RootCommand root)
    {
        root.Subcommands.Add(Create(Engines));
        return root;
    }

    public static Command Create(IDraftEngineFactory engines)
    {
        var dataset = new Option<string[]>("--dataset")
        {
            Description = "The dataset root (a folder of business folders) or one business folder; several may follow",
            Required = true,
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = true,
            HelpName = "DIR",
        };
        var output = new Option<string>("--out")
        {
            Description = "Where to write the drafts, one JSON object a line (required unless --leakage)",
            HelpName = "predictions.jsonl",
        };
        var baselineOnly = new Option<bool>("--baseline-only")
        {
            Description = "Draft with the copy-logged-lines baseline instead of the engine",
        };
        var noEmbeddings = new Option<bool>("--no-embeddings")
        {
            Description = "Draft without the bundled sentence-embedding model (it is used by default for what no catalog word matches)",
        };

        var llm = new Option<string?>("--llm")
        {
            Description = "Also score the engine with a language model's second opinion merged in, using this profile (SecondOpinion:Profiles:NAME)",
            HelpName = "PROFILE",
        };
        var llmSettings = new Option<string?>("--llm-settings")
        {
            Description = "The JSON settings file holding the profiles (default: appsettings.json here, if present); CLOSEOUT_ environment variables override it",
            HelpName = "FILE",
        };

        var leakage = new Option<bool>("--leakage")
        {
            Description = "Measure the missed-billables suggestions instead: remove one billed item at a time from each expected invoice of a business with history and count what the suggestions bring back",
        };
        var minSupport = new Option<int>("--min-support")
        {
            Description = "With --leakage: past invoices a rule needs (default: the service's)",
            DefaultValueFactory = _ => new LeakageThresholds().MinSupportingInvoices,
        };
        var minConfidence = new Option<double>("--min-confidence")
        {
            Description = "With --leakage: confidence a rule needs (default: the service's)",
            DefaultValueFactory = _ => new LeakageThresholds().MinConfidence,
        };
        var minLift = new Option<double>("--min-lift")
        {
            Description = "With --leakage: lift a rule needs (default: the service's)",
            DefaultValueFactory = _ => new LeakageThresholds().MinLift,
        };

        var noTitleWords = new Option<bool>("--no-title-words") { Description = "With --leakage: no rules from title words" };
        var noNoteWords = new Option<bool>("--no-note-words") { Description = "With --leakage: no rules from note words" };
        var wordSupport = new Option<int>("--extra-word-support")
        {
            Description = "With --leakage: extra past invoices a word rule needs (default: the service's)",
            DefaultValueFactory = _ => new LeakageThresholds().ExtraSupportForWords,
        };

        var command = new Command("eval", "Draft every job of a dataset, write the drafts and score them against the expected invoices")
        {
            dataset, output, baselineOnly, noEmbeddings, llm, llmSettings, leakage, minSupport, minConfidence, minLift, noTitleWords, noNoteWords, wordSupport,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(leakage))
            {
                var thresholds = new LeakageThresholds
                {
                    MinSupportingInvoices = parse.GetValue(minSupport),
                    MinConfidence = parse.GetValue(minConfidence),
                    MinLift = parse.GetValue(minLift),
                    UseTitleWords = !parse.GetValue(noTitleWords),
                    UseNoteWords = !parse.GetValue(noNoteWords),
                    ExtraSupportForWords = parse.GetValue(wordSupport),
                };
                // The engine without the sentence model drafts the "engine drafts" view: what the suggestions see in use, minus the model.
                return LeakageEvaluation.Run(parse.GetRequiredValue(dataset), thresholds, ReferenceEquals(engines, Engines) ? OfflineEngines : engines,
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            }

            if (parse.GetValue(output) is not { } outPath)
            {
                parse.InvocationConfiguration.Error.WriteLine("closeout eval: --out is required (where to write the drafts)");
                return 2;
            }

            var request = new EvaluationRequest(parse.GetRequiredValue(dataset), outPath, parse.GetValue(baselineOnly));
            var stdout = parse.InvocationConfiguration.Output;
            var measured = parse.GetValue(noEmbeddings) && ReferenceEquals(engines, Engines) ? OfflineEngines : engines;
            var (secondOpinion, problem) = parse.GetValue(llm) is { } profile ? LlmEvaluation.Create(profile, parse.GetValue(llmSettings) ?? DefaultSettings(), Secrets.SecretsCommand.Read) : default;
            using var disposeSecondOpinion = secondOpinion;
            if (problem is not null)
            {
                parse.InvocationConfiguration.Error.WriteLine($"closeout eval: --llm: {problem}");
                return 2;
            }

            var report = Run(new RunEvaluation(measured, secondOpinion), request, showProgress: ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected);
            EvaluationPrinter.Print(report, request, stdout, parse.InvocationConfiguration.Error);
            return report.UnreadableDataset.Count > 0 || report.Businesses == 0 ? 1 : 0;
        });
        return command;
    }

    private static string? DefaultSettings() => File.Exists("appsettings.json") ? "appsettings.json" : null;

    private static EvaluationReport Run(RunEvaluation run, EvaluationRequest request, bool showProgress)
    {
        if (!showProgress)
        {
            return run.Run(request);
        }

        return AnsiConsole.Progress().Start(context =>
        {
            var task = context.AddTask("Drafting");
            return run.Run(request, (done, total) =>
            {
                task.MaxValue = Math.Max(total, 1);
                task.Value = done;
            });
        });
    }
}
