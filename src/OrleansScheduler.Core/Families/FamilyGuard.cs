using OrleansScheduler.Storage;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Families;

/// <summary>The checks both stores run on children before storing them, on top of <see cref="SubmissionGuard"/>.</summary>
public static class FamilyGuard
{
    /// <summary>The id of the child at <paramref name="position"/> of <paramref name="parentId"/>: what makes a repeated spawn find the children of the first.</summary>
    public static string ChildId(string parentId, int position) => $"{parentId}.{position}";

    /// <summary>Throws <see cref="ArgumentException"/> naming every child that sets what a child cannot; stores nothing.</summary>
    public static void ThrowIfInvalidChildren(IReadOnlyList<TaskSubmission> children, DateTimeOffset now, int maxPayloadBytes, string field = "children")
    {
        ArgumentNullException.ThrowIfNull(children);
        SubmissionGuard.ThrowIfInvalid(children, now, maxPayloadBytes);
        var errors = new List<string>();
        for (int i = 0; i < children.Count; i++)
        {
            if (children[i].Id is not null) errors.Add($"{field}[{i}].id: a child cannot choose its id; it is '<parent id>.<position>'.");
            if (children[i].IdempotencyKey is not null) errors.Add($"{field}[{i}].idempotencyKey: children are idempotent by their position; leave it out.");
            if (children[i].Node is not null) errors.Add($"{field}[{i}]: a child cannot be a workflow node.");
        }
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(children));
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="family"/> has a valid parent and at least one valid child.</summary>
    public static void ThrowIfInvalid(FamilySubmission family, DateTimeOffset now, int maxPayloadBytes)
    {
        ArgumentNullException.ThrowIfNull(family);
        SubmissionGuard.ThrowIfInvalid([family.Join], now, maxPayloadBytes);
        if (family.Join.Node is not null) throw new ArgumentException("join: a parent cannot be a workflow node.", nameof(family));
        if (family.Children.Count == 0) throw new ArgumentException("children: a parent needs at least one child.", nameof(family));
        ThrowIfInvalidChildren(family.Children, now, maxPayloadBytes);
    }

    /// <summary>The share of a parent's children that are terminal, 0–100, rounded down.</summary>
    public static int Progress(int finished, int count) => count <= 0 ? 100 : (int)Math.Min(100, 100L * finished / count);

    /// <summary>The progress message of a parent.</summary>
    public static string ProgressMessage(int finished, int count) => $"{finished} of {count} children finished";

    /// <summary>The error of a parent failed fast.</summary>
    public static string FailedFastError(string childId, TaskState childState, string? childError) =>
        childError is null ? $"Child '{childId}' ended {childState}" : $"Child '{childId}' ended {childState}: {childError}";

    /// <summary>The reason given to the children canceled when their parent fails fast.</summary>
    public static string FailedFastReason(string parentId, string childId, TaskState childState) =>
        $"Canceled: its parent '{parentId}' failed fast after child '{childId}' ended {childState}.";

    /// <summary>The reason given to the children canceled with their parent.</summary>
    public static string CanceledWithParentReason(string parentId) => $"Canceled with its parent '{parentId}'.";
}
