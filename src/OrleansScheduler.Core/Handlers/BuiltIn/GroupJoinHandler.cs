using System.Text.Json;
using OrleansScheduler.Families;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Handlers.BuiltIn;

/// <summary>
/// <c>osched.group</c>: the join step of a broadcast or sharded task (<see cref="Routing.FanOut"/>), registered
/// on every silo. Once its children are terminal it succeeds with
/// <c>{"children":n,"succeeded":n,"failed":0,"results":[…]}</c>, the children's results in order, when every
/// child succeeded; otherwise it fails, not retried, naming how many children did not succeed and which.
/// The results are kept as the parent's result, so they count against the result size limit.
/// </summary>
public sealed class GroupJoinHandler : ITaskHandler
{
    /// <summary>The task type the join step of a fanned-out task has.</summary>
    public const string Type = "osched.group";

    /// <summary>How many unsuccessful children the error names one by one; the rest are counted.</summary>
    public const int NamedFailures = 10;

    /// <summary>The join step's result.</summary>
    /// <param name="Children">How many children the task had.</param>
    /// <param name="Succeeded">How many succeeded (all of them).</param>
    /// <param name="Failed">How many did not (none).</param>
    /// <param name="Results">Each child's result, in child order; null for a child that returned none.</param>
    public sealed record Outcome(int Children, int Succeeded, int Failed, IReadOnlyList<JsonElement?> Results);

    /// <inheritdoc />
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsJoin)
            throw new NonRetryableTaskException($"Task '{context.TaskId}' of type {Type} is the join step of a broadcast or sharded task; it cannot be submitted on its own.");
        var results = new List<JsonElement?>();
        var failures = new List<ChildTask>();
        int children = 0, failed = 0;
        await foreach (var child in context.Children.ConfigureAwait(false))
        {
            children++;
            if (child.Status != TaskState.Succeeded)
            {
                failed++;
                if (failures.Count < NamedFailures) failures.Add(child);
            }
            else if (failed == 0) results.Add(Parse(child.Result));
        }
        if (failed > 0) throw new NonRetryableTaskException(FailureMessage(children, failed, failures));
        return new Outcome(children, children, 0, results);
    }

    private static JsonElement? Parse(string? json)
    {
        if (json is null) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string FailureMessage(int children, int failed, List<ChildTask> named)
    {
        var parts = named.Select(c => c.Error is null ? $"'{c.Id}' ended {c.Status}" : $"'{c.Id}' ended {c.Status}: {c.Error}");
        string more = failed > named.Count ? $"; and {failed - named.Count} more" : "";
        return $"{failed} of {children} children did not succeed: {string.Join("; ", parts)}{more}.";
    }
}
