namespace OrleansScheduler.Tasks;

/// <summary>One thing wrong with an input: the field (JSON path, e.g. <c>tasks[3].priority</c>) and what is wrong.</summary>
public sealed record ValidationError(string Field, string Message);
