using System.Security.Cryptography;
using Baqylau.Incidents;

namespace Baqylau.Tests.Security;

/// <summary>Two instances starting together on an empty key folder must end up with one key, never a half-written one.</summary>
public sealed class KeyFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"baqylau-keys-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_key_file_still_being_written_by_another_instance_is_waited_for()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "internal-fields.key");
        var key = RandomNumberGenerator.GetBytes(32);
        // The other instance has created the file but not written it yet.
        await File.WriteAllTextAsync(path, string.Empty);
        var writer = Task.Run(async () =>
        {
            // The other instance is slow to write: this delay is the scenario, well inside the reader's patience
            // (about a second); the reader must wait it out rather than call the empty file a broken key.
            await Task.Delay(200);
            await File.WriteAllTextAsync(path, Convert.ToBase64String(key));
        });

        var read = InternalFieldCipher.LoadOrCreateKey(path);
        await writer;
        Assert.Equal(key, read);
    }

    [Fact]
    public void Instances_racing_to_create_the_key_all_get_the_same_one()
    {
        var path = Path.Combine(_dir, "dataprotection.key");
        var keys = new byte[8][];
        Parallel.For(0, keys.Length, i => keys[i] = InternalFieldCipher.LoadOrCreateKey(path));
        Assert.All(keys, k => Assert.Equal(keys[0], k));
        Assert.Equal(keys[0], InternalFieldCipher.LoadOrCreateKey(path));
    }

    [Fact]
    public void A_broken_key_is_refused_rather_than_used()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "broken.key");
        File.WriteAllText(path, Convert.ToBase64String(new byte[8]));
        Assert.Throws<CryptographicException>(() => InternalFieldCipher.LoadOrCreateKey(path));
    }
}
