using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>
/// Checks a <see cref="WorkflowDefinition"/>: a name, 1 to <see cref="WorkflowLimits.MaxNodes"/> nodes with valid,
/// unique keys, each node's task as <see cref="TaskSubmissionValidator"/> checks a submission, dependencies that name
/// keys of the workflow once each, and no cycle (the keys of one are named). Fields are named as the request names
/// them (<c>tasks[2].dependsOn[0]</c>). Pure: no I/O.
/// </summary>
public static class WorkflowValidator
{
    /// <summary>Every problem with <paramref name="definition"/>; empty when it may be stored.</summary>
    public static IReadOnlyList<ValidationError> Validate(WorkflowDefinition definition, DateTimeOffset now, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(definition.Name)) errors.Add(new("name", "name is required, e.g. \"thumbnails\"."));
        else if (definition.Name.Length > WorkflowLimits.MaxNameLength) errors.Add(new("name", $"name is {definition.Name.Length} characters; the limit is {WorkflowLimits.MaxNameLength}."));
        else if (definition.Name.Any(char.IsControl)) errors.Add(new("name", "name must not contain control characters."));

        var nodes = definition.Nodes ?? [];
        if (nodes.Count is 0 or > WorkflowLimits.MaxNodes)
        {
            errors.Add(new("tasks", $"tasks has {nodes.Count} items; a workflow holds 1 to {WorkflowLimits.MaxNodes}."));
            return errors;
        }

        var firstIndexOfKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            string key = nodes[i].Key;
            if (!WorkflowLimits.IsValidKey(key)) errors.Add(new($"tasks[{i}].key", key is null ? "key is required." : $"key '{Clip(key)}' must match {WorkflowLimits.KeyPattern}."));
            else if (!firstIndexOfKey.TryAdd(key, i)) errors.Add(new($"tasks[{i}].key", $"key '{key}' is also given to tasks[{firstIndexOfKey[key]}]; keys must be unique."));
            CheckTask(nodes[i].Task, $"tasks[{i}].", now, maxPayloadBytes, errors);
        }
        bool edgesValid = true;
        for (int i = 0; i < nodes.Count; i++) edgesValid &= CheckDependencies(nodes[i], i, firstIndexOfKey, errors);
        if (edgesValid && errors.Count == 0 && FindCycle(nodes) is { } cycle)
            errors.Add(new("tasks", $"the dependencies form a cycle: {string.Join(" → ", cycle)} (each depends on the next); a workflow must be acyclic."));
        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming every problem; stores nothing.</summary>
    public static void ThrowIfInvalid(WorkflowDefinition definition, DateTimeOffset now, int maxPayloadBytes)
    {
        var errors = Validate(definition, now, maxPayloadBytes);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), nameof(definition));
    }

    private static void CheckTask(TaskSubmission? task, string prefix, DateTimeOffset now, int maxPayloadBytes, List<ValidationError> errors)
    {
        if (task is null)
        {
            errors.Add(new(prefix + "type", "type is required."));
            return;
        }
        errors.AddRange(TaskSubmissionValidator.Validate(task, now, maxPayloadBytes, prefix));
        if (task.Id is not null) errors.Add(new(prefix + "id", "a workflow's task cannot choose its id; it is '<workflow id>.<key>'."));
        if (task.IdempotencyKey is not null) errors.Add(new(prefix + "idempotencyKey", "a workflow's task is idempotent by its key; leave idempotencyKey out."));
        if (task.Node is not null) errors.Add(new(prefix + "node", "the workflow links its tasks itself; leave node out."));
        if (task.Routing?.Strategy is RoutingStrategy.Broadcast or RoutingStrategy.Sharding)
            errors.Add(new(prefix + "routing.strategy", $"a workflow's task is one task; {TaskRoutingValidator.StrategyName(task.Routing.Strategy)} makes a parent with children, so it cannot be a workflow's task."));
    }

    /// <summary>Checks one node's dependencies; false when one names no key of the workflow or repeats one (no cycle check then).</summary>
    private static bool CheckDependencies(WorkflowNode node, int index, Dictionary<string, int> keys, List<ValidationError> errors)
    {
        var dependsOn = node.DependsOn ?? [];
        if (dependsOn.Count > WorkflowLimits.MaxDependencies)
        {
            errors.Add(new($"tasks[{index}].dependsOn", $"dependsOn has {dependsOn.Count} items; a task may depend on at most {WorkflowLimits.MaxDependencies}."));
            return false;
        }
        bool valid = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < dependsOn.Count; j++)
        {
            string field = $"tasks[{index}].dependsOn[{j}]";
            string? key = dependsOn[j]?.Key;
            if (key is null || !keys.ContainsKey(key))
            {
                errors.Add(new(field, key is null ? "a dependency needs a key." : $"'{Clip(key)}' is no task's key in this workflow."));
                valid = false;
            }
            else if (!seen.Add(key))
            {
                errors.Add(new(field, $"'{key}' appears more than once in dependsOn."));
                valid = false;
            }
        }
        return valid;
    }

    /// <summary>The keys of one cycle, its first key repeated at the end; null when the graph is acyclic. Iterative: 5 000 nodes deep is no stack for recursion.</summary>
    private static List<string>? FindCycle(IReadOnlyList<WorkflowNode> nodes)
    {
        var byKey = nodes.ToDictionary(n => n.Key, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // absent: unseen, 1: on the path, 2: done
        foreach (var start in nodes)
        {
            if (state.ContainsKey(start.Key)) continue;
            var path = new List<string>();
            var next = new Stack<IEnumerator<WorkflowDependency>>();
            Enter(start.Key);
            while (next.Count > 0)
            {
                if (!next.Peek().MoveNext())
                {
                    next.Pop();
                    state[path[^1]] = 2;
                    path.RemoveAt(path.Count - 1);
                    continue;
                }
                string key = next.Peek().Current.Key;
                if (!state.TryGetValue(key, out int seen)) Enter(key);
                else if (seen == 1) return [.. path.Skip(path.IndexOf(key)), key];
            }

            void Enter(string key)
            {
                state[key] = 1;
                path.Add(key);
                next.Push(byKey[key].DependsOn.GetEnumerator());
            }
        }
        return null;
    }

    private static string Clip(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
