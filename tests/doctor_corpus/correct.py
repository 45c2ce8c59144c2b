"""Published working setups (keras.io examples and guides, tensorflow.org tutorials)."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers

from . import Case, rng, standardized

L = layers
CASES: list[Case] = []
KERAS_IO = "https://keras.io/examples/"


def case(name, url, saw):
    def register(build):
        CASES.append(Case(name, url, saw, build))
        return build
    return register


def pixels(n, h, w, c, seed=0):
    return rng(seed).integers(0, 256, size=(n, h, w, c)).astype("float32")


@case("mnist-convnet", KERAS_IO + "vision/mnist_convnet/",
      "x / 255 with a channel axis, one-hot labels, categorical crossentropy")
def _():
    model = keras.Sequential([
        keras.Input((28, 28, 1)), L.Conv2D(32, 3, activation="relu"), L.MaxPooling2D(2),
        L.Conv2D(64, 3, activation="relu"), L.MaxPooling2D(2), L.Flatten(), L.Dropout(0.5),
        L.Dense(10, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    x = pixels(6000, 28, 28, 1) / 255.0
    return model, x, keras.utils.to_categorical(rng().integers(0, 10, 6000), 10), {}


@case("image-classification-from-scratch",
      KERAS_IO + "vision/image_classification_from_scratch/",
      "0-255 images into augmentation and Rescaling(1/255), BatchNorm, one logit")
def _():
    inputs = keras.Input((90, 90, 3))
    x = L.RandomFlip("horizontal")(inputs)
    x = L.Rescaling(1.0 / 255)(x)
    x = L.Conv2D(32, 3, strides=2, padding="same")(x)
    x = L.BatchNormalization()(x)
    x = L.Activation("relu")(x)
    x = L.SeparableConv2D(64, 3, padding="same")(x)
    x = L.GlobalAveragePooling2D()(x)
    outputs = L.Dense(1, activation=None)(L.Dropout(0.25)(x))
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(3e-4),
                  loss=keras.losses.BinaryCrossentropy(from_logits=True),
                  metrics=[keras.metrics.BinaryAccuracy(name="acc")])
    return model, pixels(300, 90, 90, 3), rng().integers(0, 2, 300), {}


@case("vgg16-preprocess-input", "https://keras.io/api/applications/vgg/",
      "caffe-style preprocess_input (mean-subtracted BGR, about -124..152) into VGG16")
def _():
    base = keras.applications.VGG16(weights=None, include_top=False, input_shape=(32, 32, 3))
    base.trainable = False
    inputs = keras.Input((32, 32, 3))
    x = L.GlobalAveragePooling2D()(base(inputs, training=False))
    model = keras.Model(inputs, L.Dense(10, activation="softmax")(x))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = keras.applications.vgg16.preprocess_input(pixels(500, 32, 32, 3))
    return model, x, rng().integers(0, 10, 500), {}


@case("text-classification-from-scratch",
      KERAS_IO + "nlp/text_classification_from_scratch/",
      "token ids 0..19999 into Embedding(20000, 128), Conv1D, GlobalMaxPooling1D, one logit")
def _():
    inputs = keras.Input((500,), dtype="int64")
    x = L.Embedding(20000, 128)(inputs)
    x = L.Dropout(0.5)(x)
    x = L.Conv1D(128, 7, padding="valid", activation="relu", strides=3)(x)
    x = L.GlobalMaxPooling1D()(x)
    x = L.Dense(128, activation="relu")(x)
    predictions = L.Dense(1, activation="sigmoid", name="predictions")(L.Dropout(0.5)(x))
    model = keras.Model(inputs, predictions)
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model, rng().integers(0, 20000, (2000, 500)), rng().integers(0, 2, 2000), {}


@case("bidirectional-lstm-imdb", KERAS_IO + "nlp/bidirectional_lstm_imdb/",
      "Embedding(20000, 128), two Bidirectional LSTMs (the first returns sequences)")
def _():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = L.Embedding(20000, 128)(inputs)
    x = L.Bidirectional(L.LSTM(64, return_sequences=True))(x)
    x = L.Bidirectional(L.LSTM(64))(x)
    model = keras.Model(inputs, L.Dense(1, activation="sigmoid")(x))
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, rng().integers(0, 20000, (2500, 200)), rng().integers(0, 2, 2500), {}


class TokenAndPositionEmbedding(L.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = L.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = L.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = keras.ops.arange(start=0, stop=keras.ops.shape(x)[-1], step=1)
        return self.token_emb(x) + self.pos_emb(positions)


@case("text-classification-with-transformer",
      KERAS_IO + "nlp/text_classification_with_transformer/",
      "token ids into a custom TokenAndPositionEmbedding layer (vocab 20000, maxlen 200)")
def _():
    inputs = L.Input(shape=(200,))
    x = TokenAndPositionEmbedding(200, 20000, 32)(inputs)
    x = L.GlobalAveragePooling1D()(x)
    x = L.Dense(20, activation="relu")(L.Dropout(0.1)(x))
    outputs = L.Dense(2, activation="softmax")(L.Dropout(0.1)(x))
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model, rng().integers(0, 20000, (2000, 200)), rng().integers(0, 2, 2000), {}


@case("pretrained-word-embeddings", KERAS_IO + "nlp/pretrained_word_embeddings/",
      "Embedding(num_tokens = len(voc) + 2) frozen, Conv1D stack, 20 newsgroups")
def _():
    int_sequences_input = keras.Input(shape=(None,), dtype="int32")
    x = L.Embedding(20002, 100, trainable=False)(int_sequences_input)
    x = L.Conv1D(128, 5, activation="relu")(x)
    x = L.MaxPooling1D(5)(x)
    x = L.Conv1D(128, 5, activation="relu")(x)
    x = L.GlobalMaxPooling1D()(x)
    x = L.Dropout(0.5)(L.Dense(128, activation="relu")(x))
    model = keras.Model(int_sequences_input, L.Dense(20, activation="softmax")(x))
    model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["acc"])
    return model, rng().integers(0, 20002, (1500, 200)), rng().integers(0, 20, 1500), {}


@case("timeseries-classification-from-scratch",
      KERAS_IO + "timeseries/timeseries_classification_from_scratch/",
      "standardized FordA series (N, 500, 1), Conv1D + BatchNorm + ReLU, global pooling")
def _():
    input_layer = keras.Input((500, 1))
    x = input_layer
    for _ in range(3):
        x = L.ReLU()(L.BatchNormalization()(L.Conv1D(64, 3, padding="same")(x)))
    x = L.GlobalAveragePooling1D()(x)
    model = keras.Model(input_layer, L.Dense(2, activation="softmax")(x))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=["sparse_categorical_accuracy"])
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=50)
    save = keras.callbacks.ModelCheckpoint("best_model.keras", save_best_only=True,
                                           monitor="val_loss")
    x = standardized(rng().normal(size=(3601, 500))).reshape(-1, 500, 1)
    return model, x, rng().integers(0, 2, 3601), {"callbacks": [save, stop]}


@case("timeseries-weather-forecasting", KERAS_IO + "timeseries/timeseries_weather_forecasting/",
      "normalized features, LSTM(32) -> Dense(1) regression, mse")
def _():
    inputs = keras.Input(shape=(120, 7))
    outputs = L.Dense(1)(L.LSTM(32)(inputs))
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001), loss="mse")
    x = rng().normal(size=(2000, 120, 7)).astype("float32")
    ckpt = keras.callbacks.ModelCheckpoint(monitor="val_loss", filepath="model_checkpoint.weights.h5",
                                           verbose=1, save_weights_only=True,
                                           save_best_only=True)
    return model, x, rng().normal(size=(2000, 1)).astype("float32"), \
        {"callbacks": [keras.callbacks.EarlyStopping(monitor="val_loss", patience=5), ckpt]}


@case("imbalanced-classification", KERAS_IO + "structured_data/imbalanced_classification/",
      "credit-card fraud: standardized heavy-tailed features, 0.18% positives, class_weight")
def _():
    n = 20000
    raw = rng().standard_t(1.5, size=(n, 29))
    x = standardized(raw)
    y = (rng().random(n) < 0.0018).astype("int64")
    y[:20] = 1
    model = keras.Sequential([
        keras.Input(shape=(29,)), L.Dense(256, activation="relu"),
        L.Dense(256, activation="relu"), L.Dropout(0.3), L.Dense(256, activation="relu"),
        L.Dropout(0.3), L.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy",
                  metrics=[keras.metrics.Precision(name="precision"),
                           keras.metrics.Recall(name="recall")])
    counts = np.bincount(y)
    weights = {0: 1.0 / counts[0], 1: 1.0 / counts[1]}
    ckpt = keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras")
    return model, x, y, {"class_weight": weights, "callbacks": [ckpt]}


@case("tf-basic-regression-normalizer", "https://www.tensorflow.org/tutorials/keras/regression",
      "an adapted Normalization first in a Sequential without Input (built by fit)")
def _():
    scales = np.array([1.7, 104, 38, 847, 2.8, 3.7, 0.4, 0.4, 0.5])
    x = (np.abs(rng().normal(size=(314, 9))) * scales + scales).astype("float32")
    normalizer = L.Normalization(axis=-1)
    normalizer.adapt(x)
    model = keras.Sequential([normalizer, L.Dense(64, activation="relu"),
                              L.Dense(64, activation="relu"), L.Dense(1)])
    model.compile(loss="mean_absolute_error", optimizer=keras.optimizers.Adam(0.001))
    return model, x, rng().normal(23.3, 7.7, size=314).clip(9, 46), {}


@case("tf-imbalanced-data-output-bias",
      "https://www.tensorflow.org/tutorials/structured_data/imbalanced_data",
      "standardized features clipped to +-5, output bias set to log(pos/neg), class weights")
def _():
    n = 20000
    x = np.clip(standardized(rng().lognormal(size=(n, 29))), -5, 5)
    y = (rng().random(n) < 0.0017).astype("int64")
    y[:30] = 1
    pos, neg = int(y.sum()), int(n - y.sum())
    model = keras.Sequential([
        keras.Input(shape=(29,)), L.Dense(16, activation="relu"), L.Dropout(0.5),
        L.Dense(1, activation="sigmoid",
                bias_initializer=keras.initializers.Constant(np.log(pos / neg)))])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.BinaryCrossentropy(),
                  metrics=[keras.metrics.AUC(name="auc")])
    weight = {0: (1 / neg) * (n / 2.0), 1: (1 / pos) * (n / 2.0)}
    return model, x, y, {"class_weight": weight}


@case("dcgan-overriding-train-step", KERAS_IO + "generative/dcgan_overriding_train_step/",
      "a GAN subclass with a custom train_step; its generator and discriminator are built")
def _():
    discriminator = keras.Sequential([
        keras.Input(shape=(64, 64, 3)), L.Conv2D(64, 4, strides=2, padding="same"),
        L.LeakyReLU(negative_slope=0.2), L.Flatten(), L.Dropout(0.2),
        L.Dense(1, activation="sigmoid")])
    generator = keras.Sequential([
        keras.Input(shape=(128,)), L.Dense(8 * 8 * 32), L.Reshape((8, 8, 32)),
        L.Conv2DTranspose(32, 4, strides=8, padding="same"), L.LeakyReLU(negative_slope=0.2),
        L.Conv2D(3, 5, padding="same", activation="sigmoid")])

    class GAN(keras.Model):
        def __init__(self, discriminator, generator, latent_dim):
            super().__init__()
            self.discriminator = discriminator
            self.generator = generator
            self.latent_dim = latent_dim

        def compile(self, d_optimizer, g_optimizer, loss_fn):
            super().compile()
            self.d_optimizer, self.g_optimizer, self.loss_fn = d_optimizer, g_optimizer, loss_fn

        def train_step(self, real_images):
            return {}

    gan = GAN(discriminator=discriminator, generator=generator, latent_dim=128)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-4), g_optimizer=keras.optimizers.Adam(1e-4),
                loss_fn=keras.losses.BinaryCrossentropy())
    return gan, pixels(64, 64, 64, 3) / 255.0, None, {}


@case("variational-autoencoder", KERAS_IO + "generative/vae/",
      "a VAE subclass with a custom train_step; encoder and decoder are built")
def _():
    encoder_inputs = keras.Input(shape=(28, 28, 1))
    h = L.Conv2D(32, 3, activation="relu", strides=2, padding="same")(encoder_inputs)
    h = L.Dense(16, activation="relu")(L.Flatten()(h))
    encoder = keras.Model(encoder_inputs, [L.Dense(2)(h), L.Dense(2)(h)], name="encoder")
    latent_inputs = keras.Input(shape=(2,))
    d = L.Reshape((7, 7, 64))(L.Dense(7 * 7 * 64, activation="relu")(latent_inputs))
    d = L.Conv2DTranspose(32, 3, activation="relu", strides=4, padding="same")(d)
    decoder = keras.Model(latent_inputs, L.Conv2DTranspose(1, 3, activation="sigmoid",
                                                           padding="same")(d), name="decoder")

    class VAE(keras.Model):
        def __init__(self, encoder, decoder, **kwargs):
            super().__init__(**kwargs)
            self.encoder, self.decoder = encoder, decoder
            self.total_loss_tracker = keras.metrics.Mean(name="total_loss")

        def train_step(self, data):
            return {"loss": self.total_loss_tracker.result()}

    vae = VAE(encoder, decoder)
    vae.compile(optimizer=keras.optimizers.Adam())
    return vae, pixels(2000, 28, 28, 1) / 255.0, None, {}


@case("collaborative-filtering-movielens",
      KERAS_IO + "structured_data/collaborative_filtering_movielens/",
      "(user, movie) id pairs into a subclassed model of embeddings, ratings scaled to 0..1")
def _():
    class RecommenderNet(keras.Model):
        def __init__(self, num_users, num_movies, embedding_size, **kwargs):
            super().__init__(**kwargs)
            self.user_embedding = L.Embedding(num_users, embedding_size)
            self.movie_embedding = L.Embedding(num_movies, embedding_size)

        def call(self, inputs):
            user = self.user_embedding(inputs[:, 0])
            movie = self.movie_embedding(inputs[:, 1])
            return keras.ops.nn.sigmoid(keras.ops.sum(user * movie, axis=1, keepdims=True))

    model = RecommenderNet(610, 9724, 50)
    model.compile(loss=keras.losses.BinaryCrossentropy(),
                  optimizer=keras.optimizers.Adam(learning_rate=0.001))
    x = np.stack([rng().integers(0, 610, 5000), rng().integers(0, 9724, 5000)], axis=1)
    model(x[:2])
    return model, x, rng().integers(1, 11, 5000) / 10.0, {}


@case("lstm-seq2seq", KERAS_IO + "nlp/lstm_seq2seq/",
      "encoder-decoder LSTMs, one-hot targets per time step, softmax per step")
def _():
    encoder_inputs = keras.Input(shape=(None, 71))
    _, state_h, state_c = L.LSTM(64, return_state=True)(encoder_inputs)
    decoder_inputs = keras.Input(shape=(None, 93))
    decoder_outputs, _, _ = L.LSTM(64, return_sequences=True, return_state=True)(
        decoder_inputs, initial_state=[state_h, state_c])
    decoder_outputs = L.Dense(93, activation="softmax")(decoder_outputs)
    model = keras.Model([encoder_inputs, decoder_inputs], decoder_outputs)
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    enc = np.eye(71, dtype="float32")[rng().integers(0, 71, (500, 16))]
    dec = np.eye(93, dtype="float32")[rng().integers(0, 93, (500, 59))]
    target = np.eye(93, dtype="float32")[rng().integers(0, 93, (500, 59))]
    return model, [enc, dec], target, {}


@case("denoising-autoencoder", KERAS_IO + "vision/autoencoder/",
      "Conv2D/Conv2DTranspose autoencoder, pixels in 0..1 as per-pixel targets")
def _():
    inp = L.Input(shape=(28, 28, 1))
    x = L.MaxPooling2D((2, 2), padding="same")(L.Conv2D(32, 3, activation="relu", padding="same")(inp))
    x = L.Conv2DTranspose(32, 3, strides=2, activation="relu", padding="same")(x)
    x = L.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
    autoencoder = keras.Model(inp, x)
    autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
    data = pixels(3000, 28, 28, 1) / 255.0
    return autoencoder, data, data, {}


@case("multi-label-classification", KERAS_IO + "nlp/multi_label_classification/",
      "multi-hot paper subjects: sigmoid per label with binary crossentropy")
def _():
    model = keras.Sequential([
        keras.Input((2000,)), L.Dense(512, activation="relu"), L.Dense(256, activation="relu"),
        L.Dense(165, activation="sigmoid")])
    model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["binary_accuracy"])
    y = (rng().random((3000, 165)) < 0.02).astype("float32")
    y[:, 0] = 1.0
    return model, rng().random((3000, 2000)).astype("float32"), y, {}


@case("structured-data-classification",
      KERAS_IO + "structured_data/structured_data_classification_with_feature_space/",
      "heart-disease features encoded and normalized, Dense(32) -> Dropout -> sigmoid")
def _():
    model = keras.Sequential([keras.Input((39,)), L.Dense(32, activation="relu"),
                              L.Dropout(0.5), L.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    x = np.concatenate([standardized(rng().normal(size=(242, 6))),
                        (rng().random((242, 33)) < 0.2).astype("float32")], axis=1)
    return model, x, (rng().random(242) < 0.3).astype("int64"), {}


@case("save-and-load-weights-guide", "https://keras.io/guides/serialization_and_saving/",
      "model.save('my_model.keras'), save_weights('my_model.weights.h5'), checkpoints")
def _():
    model = keras.Sequential([keras.Input((32,)), L.Dense(16, activation="relu"), L.Dense(1)])
    model.compile(optimizer="adam", loss="mean_squared_error")
    ckpt = keras.callbacks.ModelCheckpoint("/tmp/ckpt/checkpoint.model.keras",
                                           monitor="val_loss", save_best_only=True)
    return model, rng().random((128, 32)).astype("float32"), rng().random((128, 1)), \
        {"save_path": "my_model.keras", "weights_path": "my_model.weights.h5",
         "callbacks": [ckpt]}
