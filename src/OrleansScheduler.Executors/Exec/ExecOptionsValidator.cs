using Microsoft.Extensions.Options;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Executors.Exec;

/// <summary>Refuses program executor options a silo cannot run with, at start-up, naming each bad key (never an environment value).</summary>
public sealed class ExecOptionsValidator : IValidateOptions<ExecOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ExecOptions options)
    {
        const string Prefix = ExecOptions.Section + ":";
        var failures = new List<string>();
        if (options.MaxLogLines < 1) failures.Add($"{Prefix}MaxLogLines must be at least 1 (was {options.MaxLogLines}).");
        if (options.MaxLineLength < 1) failures.Add($"{Prefix}MaxLineLength must be at least 1 (was {options.MaxLineLength}).");
        if (options.ResultTailBytes < 0) failures.Add($"{Prefix}ResultTailBytes must be 0 (no stdout in the result) or more (was {options.ResultTailBytes}).");
        if (options.KillGracePeriod <= TimeSpan.Zero) failures.Add($"{Prefix}KillGracePeriod must be positive (was {options.KillGracePeriod}).");
        foreach (var (command, settings) in options.Commands ?? [])
        {
            string key = $"{Prefix}Commands:{command}";
            if (!TaskLimits.IsValidType(command)) failures.Add($"{key}: the command name must match {TaskLimits.TypePattern}.");
            if (settings is null)
            {
                failures.Add($"{key} has no settings; it needs at least a Path.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(settings.Path)) failures.Add($"{key}:Path must be set to the program's absolute path.");
            else if (!System.IO.Path.IsPathFullyQualified(settings.Path)) failures.Add($"{key}:Path must be an absolute path (was '{settings.Path}').");
            foreach (string variable in (settings.Env ?? []).Keys.Where(v => !ExecEnvironment.IsValidName(v)))
                failures.Add($"{key}:Env:{variable}: an environment variable's name must be non-empty without '=' or NUL.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
