using Closeout.Drafting.Drafts;
using Closeout.Drafting.Jobs;

namespace Closeout.Drafting.Engine;

/// <summary>Turns one completed job into a priced draft. An engine is built for one business (see <see cref="IDraftEngineFactory"/>).</summary>
public interface IDraftEngine
{
    DraftInvoice Draft(JobberJob job);
}
