using System.Collections.Concurrent;
using Orleans.Serialization;
using Orleans.Storage;

namespace OrleansScheduler.Server.Tests.Infrastructure;

/// <summary>
/// Grain storage every silo of an in-process test cluster shares, as they share one in-memory task store: state
/// outlives a killed silo (Orleans' memory storage keeps it in grains, so a kill can take it away). State is kept
/// as Orleans-serialized bytes, so what a grain stores must survive Orleans' serializer, as in Redis.
/// </summary>
public sealed class SharedGrainStorage
{
    private readonly ConcurrentDictionary<string, (byte[] Data, string ETag)> _records = new(StringComparer.Ordinal);

    /// <summary>The storage one silo sees, serializing with that silo's serializer.</summary>
    public IGrainStorage For(Serializer serializer) => new View(this, serializer);

    private sealed class View(SharedGrainStorage shared, Serializer serializer) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            if (shared._records.TryGetValue(Key(stateName, grainId), out var record))
            {
                grainState.State = serializer.Deserialize<T>(record.Data);
                grainState.ETag = record.ETag;
                grainState.RecordExists = true;
            }
            return Task.CompletedTask;
        }

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            string key = Key(stateName, grainId);
            string etag = Guid.NewGuid().ToString("N");
            lock (shared._records)
            {
                string? current = shared._records.TryGetValue(key, out var record) ? record.ETag : null;
                if (current != grainState.ETag) throw new InconsistentStateException($"ETag {grainState.ETag} is not the stored {current}.", current, grainState.ETag);
                shared._records[key] = (serializer.SerializeToArray(grainState.State), etag);
            }
            grainState.ETag = etag;
            grainState.RecordExists = true;
            return Task.CompletedTask;
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            shared._records.TryRemove(Key(stateName, grainId), out _);
            grainState.ETag = null;
            grainState.RecordExists = false;
            return Task.CompletedTask;
        }

        private static string Key(string stateName, GrainId grainId) => $"{grainId}/{stateName}";
    }
}
