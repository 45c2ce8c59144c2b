"""Real models for the viz tests, built the way their authors build them (no tests here).

keras.applications models come from ``keras.applications`` itself (weights=None,
32x32 inputs, the smallest most of them take). The keras.io examples are
rebuilt here from their architectures, sized down: the time-series transformer
(``x + inputs`` residuals: op nodes in the graph), the Vision Transformer
(augmentation block, patches, position embedding), the MLP-Mixer
(``keras.ops.transpose`` token mixing), the Oxford-pets U-Net segmentation
model, the denoising conv autoencoder, DCGAN and the VAE (subclassed models
with their own ``train_step``), and a 2-D classifier with op nodes. Data is
small and generated.
"""

from __future__ import annotations

import functools

import numpy as np

RNG = np.random.default_rng(0)


def images(n: int, size: int, channels: int = 3) -> np.ndarray:
    return RNG.random((n, size, size, channels)).astype("float32")


@functools.cache
def application(name: str):
    import keras

    keras.utils.set_random_seed(0)
    return getattr(keras.applications, name)(weights=None, input_shape=(32, 32, 3), classes=5)


def _transformer_encoder(inputs, head_size, heads, ff_dim):
    from keras import layers

    x = layers.LayerNormalization(epsilon=1e-6)(inputs)
    x = layers.MultiHeadAttention(key_dim=head_size, num_heads=heads, dropout=0.1)(x, x)
    x = layers.Dropout(0.1)(x)
    res = x + inputs  # an op node: no Add layer
    x = layers.LayerNormalization(epsilon=1e-6)(res)
    x = layers.Conv1D(filters=ff_dim, kernel_size=1, activation="relu")(x)
    x = layers.Dropout(0.1)(x)
    x = layers.Conv1D(filters=inputs.shape[-1], kernel_size=1)(x)
    return x + res


@functools.cache
def timeseries_transformer():
    """keras.io timeseries_classification_transformer, four blocks, 24 steps."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    inputs = keras.Input((24, 1))
    x = inputs
    for _ in range(4):
        x = _transformer_encoder(x, head_size=8, heads=2, ff_dim=4)
    x = layers.GlobalAveragePooling1D(data_format="channels_first")(x)
    x = layers.Dense(16, activation="relu")(x)
    outputs = layers.Dense(2, activation="softmax")(layers.Dropout(0.1)(x))
    return keras.Model(inputs, outputs, name="timeseries_transformer")


def _patches_layer():
    import keras

    class Patches(keras.layers.Layer):
        def __init__(self, patch_size, **kwargs):
            super().__init__(**kwargs)
            self.patch_size = patch_size

        def call(self, images):
            patches = keras.ops.image.extract_patches(images, size=self.patch_size)
            shape = keras.ops.shape(patches)
            return keras.ops.reshape(patches, (shape[0], shape[1] * shape[2], shape[3]))

        def compute_output_shape(self, input_shape):
            n = (input_shape[1] // self.patch_size) * (input_shape[2] // self.patch_size)
            return (input_shape[0], n, self.patch_size * self.patch_size * input_shape[3])

    return Patches


def _patch_encoder_layer():
    import keras
    from keras import layers

    class PatchEncoder(layers.Layer):
        def __init__(self, num_patches, projection_dim, **kwargs):
            super().__init__(**kwargs)
            self.num_patches = num_patches
            self.projection = layers.Dense(projection_dim)
            self.position_embedding = layers.Embedding(num_patches, projection_dim)

        def call(self, patch):
            positions = keras.ops.expand_dims(keras.ops.arange(0, self.num_patches), axis=0)
            return self.projection(patch) + self.position_embedding(positions)

    return PatchEncoder


@functools.cache
def vision_transformer():
    """keras.io image_classification_with_vision_transformer, two blocks, 16x16 images."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    augmentation = keras.Sequential([layers.Rescaling(1.0), layers.Resizing(16, 16),
                                     layers.RandomFlip("horizontal", name="random_flip")],
                                    name="data_augmentation")
    inputs = keras.Input((16, 16, 3))
    patches = _patches_layer()(4)(augmentation(inputs))
    encoded = _patch_encoder_layer()(16, 16)(patches)
    for _ in range(2):
        x1 = layers.LayerNormalization(epsilon=1e-6)(encoded)
        attention = layers.MultiHeadAttention(num_heads=2, key_dim=16, dropout=0.1)(x1, x1)
        x2 = layers.Add()([attention, encoded])
        x3 = layers.LayerNormalization(epsilon=1e-6)(x2)
        x3 = layers.Dropout(0.1)(layers.Dense(32, activation="gelu")(x3))
        x3 = layers.Dropout(0.1)(layers.Dense(16, activation="gelu")(x3))
        encoded = layers.Add()([x3, x2])
    x = layers.Dropout(0.5)(layers.Flatten()(layers.LayerNormalization(epsilon=1e-6)(encoded)))
    x = layers.Dense(32, activation="gelu")(x)
    return keras.Model(inputs, layers.Dense(4)(x), name="vit")  # logits, as keras.io


@functools.cache
def mlp_mixer():
    """keras.io mlp_image_classification (MLP-Mixer), token mixing with keras.ops.transpose."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    inputs = keras.Input((16, 16, 3))
    x = layers.Dense(16)(_patches_layer()(4)(inputs))  # (batch, 16 patches, 16)
    for _ in range(2):
        skip = x
        y = keras.ops.transpose(layers.LayerNormalization(epsilon=1e-6)(x), (0, 2, 1))
        y = layers.Dense(16)(layers.Dense(16, activation="gelu")(y))
        x = keras.ops.transpose(y, (0, 2, 1)) + skip
        y = layers.Dense(16)(layers.Dense(16, activation="gelu")(
            layers.LayerNormalization(epsilon=1e-6)(x)))
        x = x + y
    x = layers.Dropout(0.2)(layers.GlobalAveragePooling1D()(x))
    return keras.Model(inputs, layers.Dense(4, activation="softmax")(x), name="mlp_mixer")


@functools.cache
def unet():
    """keras.io oxford_pets_image_segmentation: Xception-style U-Net, 32x32, 3 classes."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    inputs = keras.Input((32, 32, 3))
    x = layers.Activation("relu")(layers.BatchNormalization()(
        layers.Conv2D(8, 3, strides=2, padding="same")(inputs)))
    previous = x
    for filters in (16, 32):
        x = layers.Activation("relu")(x)
        x = layers.BatchNormalization()(layers.SeparableConv2D(filters, 3, padding="same")(x))
        x = layers.Activation("relu")(x)
        x = layers.BatchNormalization()(layers.SeparableConv2D(filters, 3, padding="same")(x))
        x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
        residual = layers.Conv2D(filters, 1, strides=2, padding="same")(previous)
        x = layers.add([x, residual])
        previous = x
    for filters in (32, 16, 8):
        x = layers.Activation("relu")(x)
        x = layers.BatchNormalization()(layers.Conv2DTranspose(filters, 3, padding="same")(x))
        x = layers.Activation("relu")(x)
        x = layers.BatchNormalization()(layers.Conv2DTranspose(filters, 3, padding="same")(x))
        x = layers.UpSampling2D(2)(x)
        residual = layers.Conv2D(filters, 1, padding="same")(layers.UpSampling2D(2)(previous))
        x = layers.add([x, residual])
        previous = x
    outputs = layers.Conv2D(3, 3, activation="softmax", padding="same")(x)
    return keras.Model(inputs, layers.Cropping2D(4)(layers.ZeroPadding2D(4)(outputs)),
                       name="unet")


@functools.cache
def autoencoder():
    """keras.io autoencoder (denoising conv autoencoder), 16x16x1, trained one epoch."""
    import keras
    from keras import layers

    keras.utils.set_random_seed(0)
    inputs = keras.Input((16, 16, 1))
    x = layers.MaxPooling2D(2, padding="same")(
        layers.Conv2D(8, 3, activation="relu", padding="same")(inputs))
    x = layers.MaxPooling2D(2, padding="same")(
        layers.Conv2D(8, 3, activation="relu", padding="same")(x))
    x = layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same")(x)
    x = layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same")(x)
    model = keras.Model(inputs, layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x),
                        name="autoencoder")
    model.compile("adam", "binary_crossentropy")
    data = images(32, 16, 1)
    model.fit(data, data, epochs=1, batch_size=16, verbose=0)
    return model


@functools.cache
def dcgan():
    """keras.io dcgan_overriding_train_step: a subclassed GAN, trained two steps."""
    import keras
    import tensorflow as tf
    from keras import layers

    keras.utils.set_random_seed(0)
    discriminator = keras.Sequential([
        keras.Input((16, 16, 3)),
        layers.Conv2D(16, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
        layers.Conv2D(32, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
        layers.Flatten(), layers.Dropout(0.2), layers.Dense(1, activation="sigmoid"),
    ], name="discriminator")
    latent = 8
    generator = keras.Sequential([
        keras.Input((latent,)), layers.Dense(4 * 4 * 16), layers.Reshape((4, 4, 16)),
        layers.Conv2DTranspose(16, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
        layers.Conv2DTranspose(16, 4, strides=2, padding="same"), layers.LeakyReLU(0.2),
        layers.Conv2D(3, 5, padding="same", activation="sigmoid"),
    ], name="generator")

    class GAN(keras.Model):
        def __init__(self, discriminator, generator, latent_dim):
            super().__init__(name="gan")
            self.discriminator, self.generator = discriminator, generator
            self.latent_dim = latent_dim
            self.seed_generator = keras.random.SeedGenerator(1337)

        def compile(self, d_optimizer, g_optimizer, loss_fn):
            super().compile()
            self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

        def train_step(self, real):
            n = tf.shape(real)[0]
            noise = keras.random.normal((n, self.latent_dim), seed=self.seed_generator)
            fake = self.generator(noise)
            both = tf.concat([fake, real], axis=0)
            labels = tf.concat([tf.ones((n, 1)), tf.zeros((n, 1))], axis=0)
            with tf.GradientTape() as tape:
                d_loss = self.loss_fn(labels, self.discriminator(both))
            grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
            self.d_optimizer.apply_gradients(zip(grads, self.discriminator.trainable_weights, strict=True))
            with tf.GradientTape() as tape:
                g_loss = self.loss_fn(tf.zeros((n, 1)),
                                      self.discriminator(self.generator(noise)))
            grads = tape.gradient(g_loss, self.generator.trainable_weights)
            self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights, strict=True))
            return {"d_loss": d_loss, "g_loss": g_loss}

    gan = GAN(discriminator, generator, latent)
    gan.compile(keras.optimizers.Adam(1e-3), keras.optimizers.Adam(1e-3),
                keras.losses.BinaryCrossentropy())
    gan.fit(images(16, 16), epochs=1, batch_size=8, verbose=0)
    return gan


@functools.cache
def vae():
    """keras.io vae: encoder with a Sampling layer, decoder, a subclassed VAE, one epoch."""
    import keras
    import tensorflow as tf
    from keras import layers, ops

    keras.utils.set_random_seed(0)

    class Sampling(layers.Layer):
        def call(self, inputs):
            z_mean, z_log_var = inputs
            eps = keras.random.normal(ops.shape(z_mean))
            return z_mean + ops.exp(0.5 * z_log_var) * eps

    latent = 2
    enc_in = keras.Input((16, 16, 1))
    x = layers.Conv2D(8, 3, activation="relu", strides=2, padding="same")(enc_in)
    x = layers.Conv2D(16, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Dense(16, activation="relu")(layers.Flatten()(x))
    z_mean, z_log_var = layers.Dense(latent, name="z_mean")(x), layers.Dense(latent,
                                                                          name="z_log_var")(x)
    encoder = keras.Model(enc_in, [z_mean, z_log_var, Sampling()([z_mean, z_log_var])],
                          name="encoder")
    dec_in = keras.Input((latent,))
    x = layers.Reshape((4, 4, 16))(layers.Dense(4 * 4 * 16, activation="relu")(dec_in))
    x = layers.Conv2DTranspose(16, 3, activation="relu", strides=2, padding="same")(x)
    x = layers.Conv2DTranspose(8, 3, activation="relu", strides=2, padding="same")(x)
    decoder = keras.Model(dec_in, layers.Conv2DTranspose(1, 3, activation="sigmoid",
                                                         padding="same")(x), name="decoder")

    class VAE(keras.Model):
        def __init__(self, encoder, decoder, **kwargs):
            super().__init__(name="vae", **kwargs)
            self.encoder, self.decoder = encoder, decoder
            self.total_loss_tracker = keras.metrics.Mean(name="total_loss")

        def train_step(self, data):
            with tf.GradientTape() as tape:
                z_mean, z_log_var, z = self.encoder(data)
                recon = self.decoder(z)
                rec_loss = ops.mean(ops.sum(keras.losses.binary_crossentropy(data, recon),
                                            axis=(1, 2)))
                kl = -0.5 * (1 + z_log_var - ops.square(z_mean) - ops.exp(z_log_var))
                loss = rec_loss + ops.mean(ops.sum(kl, axis=1))
            grads = tape.gradient(loss, self.trainable_weights)
            self.optimizer.apply_gradients(zip(grads, self.trainable_weights, strict=True))
            self.total_loss_tracker.update_state(loss)
            return {"loss": self.total_loss_tracker.result()}

    model = VAE(encoder, decoder)
    model.compile(optimizer=keras.optimizers.Adam())
    model.fit(images(16, 16, 1), epochs=1, batch_size=8, verbose=0)
    return model


@functools.cache
def plane_classifier():
    """A 2-D, three-class classifier whose graph holds op nodes, trained on three blobs."""
    import keras
    from keras import layers

    from kerasnb.datasets import toys

    keras.utils.set_random_seed(0)
    x, y = toys.gaussian(n=150, classes=3)
    inputs = keras.Input((2,))
    h = layers.Dense(16)(inputs)
    h = keras.ops.relu(h) * 2.0 + h
    model = keras.Model(inputs, layers.Dense(3, activation="softmax")(h), name="plane")
    model.compile(keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy")
    model.fit(x, y, epochs=10, batch_size=32, verbose=0)
    return model, x.astype("float32"), y
