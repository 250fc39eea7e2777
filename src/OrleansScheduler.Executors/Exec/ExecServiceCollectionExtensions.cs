using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansScheduler.Executors.Exec;

/// <summary>Registers what the program executor (task type <c>exec</c>) needs.</summary>
public static class ExecServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ExecOptions"/>, bound from configuration section <c>Scheduler:Exec</c> and validated when the
    /// host starts. Without configured commands the executor refuses every task.
    /// </summary>
    public static IServiceCollection AddExecExecutor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ExecOptions>().BindConfiguration(ExecOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExecOptions>, ExecOptionsValidator>());
        return services;
    }
}
