using System.Text.RegularExpressions;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Workflows;

/// <summary>The documented bounds of a workflow definition.</summary>
public static partial class WorkflowLimits
{
    /// <summary>
    /// Node keys: 1–37 of letters, digits, '_' and '-', starting with a letter or digit. No '.', so a node's task id
    /// <c>&lt;workflow id&gt;.&lt;key&gt;</c> reads one way; 37 so that id, with a 26-character workflow id, fits
    /// <see cref="TaskLimits.IdPattern"/>.
    /// </summary>
    public const string KeyPattern = "^[A-Za-z0-9][A-Za-z0-9_-]{0,36}$";

    /// <summary>Most nodes in one workflow.</summary>
    public const int MaxNodes = 5000;

    /// <summary>The longest workflow id a client may choose: with '.' and the longest key, a node's task id stays within 64 characters.</summary>
    public const int MaxIdLength = 26;

    /// <summary>Most dependencies of one node.</summary>
    public const int MaxDependencies = 1000;

    /// <summary>Longest workflow name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>True when <paramref name="key"/> is a valid node key.</summary>
    public static bool IsValidKey(string? key) => key is not null && TaskLimits.WholeMatch(KeyRegex(), key);

    /// <summary>The task id of the node <paramref name="key"/> of the workflow <paramref name="workflowId"/>.</summary>
    public static string NodeId(string workflowId, string key) => $"{workflowId}.{key}";

    [GeneratedRegex(KeyPattern)]
    private static partial Regex KeyRegex();
}
