using OrleansScheduler.Api;

namespace OrleansScheduler.Http;

/// <summary>
/// Reads a task without a grain call, where the API runs inside a silo (the silo has the task store at hand).
/// Until Orleans declares a dead silo dead, a grain call whose directory entry lived there fails, whichever
/// grain it is for; a read through this answers anyway. A gateway process has none and asks the catalog grain.
/// </summary>
public interface ILocalTaskReader
{
    /// <summary>The task as the store has it, or null when there is none.</summary>
    Task<TaskInfo?> GetAsync(string id);
}
