using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FluxBatch.Manifest.Sweeps;

namespace FluxBatch.Planning.Identity;

/// <summary>
/// Builds the byte string that seeds and job ids hash: <c>name 0x1F value 0x1E</c> per field, UTF-8, numbers
/// in their shortest invariant form (<c>4.0</c> and <c>4</c> are the same value, so they hash the same).
/// The buffer is reused, so hashing a million jobs allocates nothing here.
/// </summary>
internal sealed class CanonicalWriter
{
    private const byte NameEnd = 0x1F;
    private const byte FieldEnd = 0x1E;

    private byte[] _buffer = new byte[512];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public void Reset(int length = 0) => Length = length;

    public void Field(string name, string value)
    {
        Name(name);
        Utf8(value);
        Byte(FieldEnd);
    }

    public void Field(string name, long value)
    {
        Name(name);
        Span<char> digits = stackalloc char[24];
        value.TryFormat(digits, out var written, default, CultureInfo.InvariantCulture);
        Ascii(digits[..written]);
        Byte(FieldEnd);
    }

    public void Field(string name, decimal value) => Field(name, ManifestValueEquality.FormatNumber(value));

    public void Field(string name, bool value) => Field(name, value ? "true" : "false");

    public void Field(string name, ReadOnlySpan<byte> raw)
    {
        Name(name);
        Ensure(raw.Length);
        raw.CopyTo(_buffer.AsSpan(Length));
        Length += raw.Length;
        Byte(FieldEnd);
    }

    /// <summary>SHA-256 of what was written.</summary>
    public void Hash(Span<byte> destination) => SHA256.HashData(Written, destination);

    /// <summary>The first 8 bytes of SHA-256 of what was written, big-endian.</summary>
    public ulong Hash64()
    {
        Span<byte> digest = stackalloc byte[32];
        Hash(digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    private void Name(string name)
    {
        Utf8(name);
        Byte(NameEnd);
    }

    private void Utf8(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        Length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(Length));
    }

    private void Ascii(ReadOnlySpan<char> text)
    {
        Ensure(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            _buffer[Length++] = (byte)text[i];
        }
    }

    private void Byte(byte value)
    {
        Ensure(1);
        _buffer[Length++] = value;
    }

    private void Ensure(int extra)
    {
        if (Length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + extra));
        }
    }
}
