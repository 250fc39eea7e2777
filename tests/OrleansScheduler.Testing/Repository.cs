using System.Reflection;

namespace OrleansScheduler.Testing;

/// <summary>The checkout the tests run from: its root, and the builds of its projects made alongside a test project.</summary>
public static class Repository
{
    /// <summary>The directory holding OrleansScheduler.sln, found upwards from the running tests.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// <paramref name="project"/>'s build (e.g. <c>src/OrleansScheduler.Silo</c>) in the configuration
    /// <paramref name="caller"/> was built in, which a project reference builds alongside; null when there is none.
    /// </summary>
    public static string? BuildOf(Assembly caller, string project)
    {
        string configuration = caller.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        string dll = Path.Combine(Root, project, "bin", configuration, "net10.0", Path.GetFileName(project) + ".dll");
        return File.Exists(dll) ? dll : null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansScheduler.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No OrleansScheduler.sln in {AppContext.BaseDirectory} or any directory above it.");
    }
}
