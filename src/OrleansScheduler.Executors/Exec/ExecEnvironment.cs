using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Exec;

/// <summary>Builds a program's environment: the silo's (unless turned off), then the command's configured entries, then the payload's additions.</summary>
internal static class ExecEnvironment
{
    /// <summary>
    /// Variables a payload may not set: each makes a loader, a shell or a runtime load or run code of the caller's
    /// choosing (a preloaded library, a startup file, an imported shell function), which would turn a command with
    /// fixed arguments into any command. Only the operator's configured <c>Env</c> may set them. Not a complete
    /// list of every program's such variables; see the docs.
    /// </summary>
    private static readonly string[] ReservedPrefixes = ["LD_", "DYLD_", "BASH_FUNC_", "CORECLR_", "COR_"];

    private static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "PATH", "BASH_ENV", "ENV", "SHELLOPTS", "BASHOPTS", "PS4", "IFS", "NODE_OPTIONS", "PYTHONSTARTUP", "PYTHONPATH",
        "PYTHONHOME", "PERL5OPT", "PERL5LIB", "PERLLIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS", "DOTNET_STARTUP_HOOKS",
    };

    /// <summary>Whether a payload is refused <paramref name="name"/> (it could make the program run other code).</summary>
    public static bool IsReserved(string name) =>
        ReservedNames.Contains(name) || ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Whether <paramref name="name"/> can be an environment variable's name.</summary>
    public static bool IsValidName(string? name) => !string.IsNullOrEmpty(name) && name.IndexOfAny(['=', '\0']) < 0;

    /// <summary>Fills <paramref name="target"/> (the start info's environment, the silo's own to begin with).</summary>
    /// <exception cref="NonRetryableTaskException">A payload entry is not a string, has a bad or reserved name, or would override a configured one.</exception>
    public static void Apply(IDictionary<string, string?> target, ExecOptions options, ExecCommandOptions command, string commandName,
        IReadOnlyDictionary<string, string?>? payload, string where)
    {
        if (!options.InheritEnvironment) target.Clear();
        foreach (var (name, value) in command.Env ?? []) target[name] = value;
        foreach (var (name, value) in payload ?? new Dictionary<string, string?>())
        {
            if (!IsValidName(name))
                throw new NonRetryableTaskException($"Env name '{name}' of {where} is not a valid environment variable name (non-empty, no '=' or NUL).");
            if (IsReserved(name))
                throw new NonRetryableTaskException($"Env '{name}' of {where} cannot be set by a payload: it can make a program load or run other code. Configure it for the command instead (Scheduler:Exec:Commands:{commandName}:Env:{name}).");
            if (value is null)
                throw new NonRetryableTaskException($"Env '{name}' of {where} must be a string.");
            // The configured entries are the operator's: a task may add to them, never replace them.
            if (command.Env?.ContainsKey(name) == true)
                throw new NonRetryableTaskException($"Env '{name}' of {where} is configured for command '{commandName}' (Scheduler:Exec:Commands:{commandName}:Env:{name}) and cannot be overridden by the payload.");
            target[name] = value;
        }
    }
}
