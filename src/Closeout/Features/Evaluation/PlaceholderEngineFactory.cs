using Closeout.Drafting.Dataset;
using Closeout.Drafting.Engine;

namespace Closeout.Features.Evaluation;

/// <summary>
/// PLACEHOLDER until the real draft engine lands: every business gets the copy-logged-lines baseline, which reads
/// no catalog, policy or history. Replace it in <see cref="EvaluationCommand.Engines"/>.
/// </summary>
internal sealed class PlaceholderEngineFactory : IDraftEngineFactory
{
    public IDraftEngine Create(BusinessFolder business) => new CopyLoggedLinesEngine();
}
