using Closeout.Drafting.Dataset;

namespace Closeout.Drafting.Engine;

/// <summary>Builds the engine of one business from its folder (catalog, policy, history).</summary>
public interface IDraftEngineFactory
{
    /// <exception cref="InvalidDataException">The business folder cannot be read.</exception>
    IDraftEngine Create(BusinessFolder business);
}
