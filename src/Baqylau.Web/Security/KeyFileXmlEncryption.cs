using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Baqylau.Incidents;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Baqylau.Web.Security;

/// <summary>The Data Protection key-ring encryption key: a 256-bit file outside the database (see docs/security.md).</summary>
public sealed class DataProtectionKeyFile(string path)
{
    private readonly Lazy<byte[]> _key = new(() => InternalFieldCipher.LoadOrCreateKey(path), LazyThreadSafetyMode.ExecutionAndPublication);

    public string Path => path;

    internal byte[] Key => _key.Value;
}

/// <summary>
/// Encrypts each Data Protection key (which signs auth cookies, antiforgery tokens and protects TOTP secrets) with
/// AES-256-GCM under <see cref="DataProtectionKeyFile"/> before it is written to the DataProtectionKeys table, so a
/// database dump alone cannot forge or read cookies.
/// </summary>
public sealed class KeyFileXmlEncryptor(DataProtectionKeyFile keyFile) : IXmlEncryptor
{
    internal const string ElementName = "baqylauEncryptedKey";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var output = new byte[NonceSize + plain.Length + TagSize];
        RandomNumberGenerator.Fill(output.AsSpan(0, NonceSize));
        using (var aes = new AesGcm(keyFile.Key, TagSize))
            aes.Encrypt(output.AsSpan(0, NonceSize), plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length));
        CryptographicOperations.ZeroMemory(plain);
        var element = new XElement(ElementName,
            new XComment(" AES-256-GCM with the key file named in docs/security.md (not stored in the database) "),
            new XElement("value", Convert.ToBase64String(output)));
        return new EncryptedXmlInfo(element, typeof(KeyFileXmlDecryptor));
    }

    internal static XElement Decrypt(byte[] key, XElement encryptedElement)
    {
        var data = Convert.FromBase64String((string?)encryptedElement.Element("value")
            ?? throw new CryptographicException("Encrypted key has no value."));
        if (data.Length < NonceSize + TagSize)
            throw new CryptographicException("Encrypted key is truncated.");
        var length = data.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using (var aes = new AesGcm(key, TagSize))
            aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, length), data.AsSpan(NonceSize + length), plain);
        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}

/// <summary>Created by Data Protection by type name when it reads the key ring; takes the key file from the services.</summary>
public sealed class KeyFileXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) =>
        KeyFileXmlEncryptor.Decrypt(services.GetRequiredService<DataProtectionKeyFile>().Key, encryptedElement);
}
